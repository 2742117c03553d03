// The HTTP side of `facellava serve` (cpp-httplib): routes, Bearer-key
// check, body-size limit, OpenAI-style errors for every refusal (unknown
// route, too large, malformed, thrown anywhere in a handler), and a thread
// pool sized for --parallel running plus the waiting queue, so /health and
// refusals are answered while the model works.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "serve_context.h"

namespace httplib {
class Server;
}

namespace facellava::cli::serve {

class HttpServer {
  public:
    explicit HttpServer(ServeContext& context);
    ~HttpServer();  // stops and joins

    // Binds host:port (0: a free port); returns the port. Throws
    // facellava::Error when it cannot bind.
    int bind(const std::string& host, int port);
    void start();  // serves on a thread of its own
    void stop();   // stops accepting and waits for the serving thread

  private:
    ServeContext& context_;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
};

}  // namespace facellava::cli::serve
