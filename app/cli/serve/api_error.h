// OpenAI-style errors of `facellava serve`: every refusal is an ApiError
// carrying its HTTP status, and the client receives
// {"error": {"message", "type", "param", "code"}} — the shape the official
// clients parse into their own exception types.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace facellava::cli::serve {

// JSON text for a client: invalid UTF-8 (a malformed body quoted in a
// message, a model's broken piece) is replaced, never a throw.
template <class Json>
std::string dump_json(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string message, std::string type = "invalid_request_error",
             std::string param = {}, std::string code = {})
        : std::runtime_error(message),
          status_(status),
          type_(std::move(type)),
          param_(std::move(param)),
          code_(std::move(code)) {}

    int status() const { return status_; }
    // {"error": {...}}; param and code are null when not set, as OpenAI sends them.
    nlohmann::json body() const {
        const auto or_null = [](const std::string& s) {
            return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
        };
        return {{"error",
                 {{"message", what()},
                  {"type", type_},
                  {"param", or_null(param_)},
                  {"code", or_null(code_)}}}};
    }

  private:
    int status_;
    std::string type_;
    std::string param_;
    std::string code_;
};

// 400 for a malformed request, naming the field at fault.
inline ApiError bad_request(const std::string& message, const std::string& param = {},
                            const std::string& code = {}) {
    return ApiError(400, message, "invalid_request_error", param, code);
}

// 499, nginx's "client closed request": written to nobody, since the client
// left; for the server's own record.
inline ApiError client_disconnected() {
    return ApiError(499, "the client disconnected", "invalid_request_error", {},
                    "client_disconnected");
}

// 500 for what the server did not foresee: the exception's first line only
// (LibTorch appends a stack trace, which is no business of the client's).
inline ApiError internal_error(const std::exception& e) {
    const std::string what = e.what();
    return ApiError(500, "internal error: " + what.substr(0, what.find('\n')), "server_error");
}

}  // namespace facellava::cli::serve
