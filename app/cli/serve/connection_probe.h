// Whether a request's client is still there, for `facellava serve`.
// cpp-httplib 0.11 reports a departed client only when a write fails, so a
// non-streaming answer (nothing written until the end) would run to its end
// for nobody. The request names its own connection (remote and local
// address and port); this finds that connection's socket among the
// process's descriptors, and the watchdog peeks at it while the model works.
#pragma once

#include <string>

namespace facellava::cli::serve {

// The connected socket whose peer is remote_addr:remote_port and whose own
// end is local_addr:local_port (addresses numeric, as cpp-httplib writes
// them: "127.0.0.1", "::1", "::ffff:10.0.0.2"); -1 when none is.
int find_connection_fd(const std::string& remote_addr, int remote_port,
                       const std::string& local_addr, int local_port);

// True when the peer has closed the connection (orderly, or reset). Data
// waiting to be read (a pipelined next request) is not a close. Never blocks
// and consumes nothing. A peer that only half-closes (shutdown(SHUT_WR),
// `nc -N`) and still waits for the answer looks closed as well: TCP tells the
// two apart only when the server writes.
bool peer_closed(int fd);

}  // namespace facellava::cli::serve
