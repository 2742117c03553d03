#include "store/sqlite_db.h"

#include <atomic>
#include <cstdio>

#include "facellava/core/error.h"

namespace facellava::store::detail {
namespace {

// What the user reads for each family of SQLite failures: the cause in plain
// words and what to do. The SQLite message is appended for the log.
struct Explanation {
    std::string what;
    std::string hint;
};

Explanation explain(int rc) {
    switch (rc & 0xff) {
        case SQLITE_FULL:
            return {"the disk is full (or the session reached its size limit)",
                    "free disk space and retry; everything saved before this change is intact"};
        case SQLITE_READONLY:
            return {
                "the session file cannot be written (read-only)",
                "open the session for writing, or fix the permissions of the file and its folder"};
        case SQLITE_NOTADB:
            return {"the file is not a Face-LLaVA session (not an SQLite database)",
                    "choose a session file created by Face-LLaVA"};
        case SQLITE_CORRUPT:
            return {"the session file is damaged",
                    "run `facellava session check` on it and restore the last export if it fails"};
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return {"the session is locked by another program",
                    "close other Face-LLaVA windows or tools using this session and retry"};
        case SQLITE_CANTOPEN:
            return {"the session file cannot be opened",
                    "check that the file and its folder exist and are accessible"};
        case SQLITE_IOERR:
            return {"a read or write error occurred on the session file",
                    "check the disk (space, removable media, network share) and retry"};
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return {"access to the session file was denied",
                    "check the permissions of the file and its folder"};
        case SQLITE_CONSTRAINT:
            return {"the change refers to something that does not exist or is invalid",
                    "reload the session; if this repeats, report it as a bug"};
        default:
            return {"the session store failed",
                    "retry; if this repeats, run `facellava session check`"};
    }
}

}  // namespace

// ---------------------------------------------------------------- Statement

Statement::Statement(Connection& connection, const std::string& sql)
    : connection_(connection), sql_(sql) {
    const int rc = sqlite3_prepare_v3(connection_.handle(), sql.c_str(), int(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK)
        connection_.fail(rc, "preparing a query");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t value) {
    connection_.check(sqlite3_bind_int64(stmt_, index, value), "binding a value");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    connection_.check(sqlite3_bind_double(stmt_, index, value), "binding a value");
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    connection_.check(
        sqlite3_bind_text(stmt_, index, value.data(), int(value.size()), SQLITE_TRANSIENT),
        "binding a value");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_blob(int index, const void* data, size_t size) {
    connection_.check(
        sqlite3_bind_blob64(stmt_, index, data, sqlite3_uint64(size), SQLITE_TRANSIENT),
        "binding a value");
    return *this;
}

Statement& Statement::bind_null(int index) {
    connection_.check(sqlite3_bind_null(stmt_, index), "binding a value");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    // Reset before throwing so a failed statement never pins a transaction.
    sqlite3_reset(stmt_);
    connection_.fail(rc, "running a query");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<int64_t> Statement::optional_int64(int column) const {
    if (is_null(column))
        return std::nullopt;
    return int64(column);
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column))
        return std::nullopt;
    return real(column);
}

const void* Statement::blob(int column, size_t* size) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    *size = size_t(sqlite3_column_bytes(stmt_, column));
    return data;
}

// --------------------------------------------------------------- Connection

Connection::Connection(const std::string& path, const ConnectionOptions& options)
    : path_(path), read_only_(options.read_only) {
    int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread: no mutex needed
    if (options.read_only) {
        flags |= SQLITE_OPEN_READONLY;
    } else {
        flags |= SQLITE_OPEN_READWRITE;
        if (options.create)
            flags |= SQLITE_OPEN_CREATE;
    }
    std::string name = path;
    if (options.immutable) {
        flags |= SQLITE_OPEN_URI;
        name = "file:";
        for (char c : path) {
            if (c == '%' || c == '?' || c == '#') {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
                name += hex;
            } else {
                name += c;
            }
        }
        name += "?immutable=1";
    }
    const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        // sqlite3_open_v2 hands back a handle even on failure; the message needs it.
        Explanation e = explain(rc);
        std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw Error("cannot open the session: " + e.what + " (" + detail + ")", path_, e.hint);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
}

Connection::~Connection() {
    cache_.clear();  // statements must be finalised before the handle closes
    sqlite3_close_v2(db_);
}

void Connection::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK)
        fail(rc, "updating the session");
}

StatementRef Connection::statement(const std::string& sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end())
        found = cache_.emplace(sql, std::make_unique<Statement>(*this, sql)).first;
    return StatementRef(*found->second);
}

int64_t Connection::query_int64(const std::string& sql) {
    auto st = statement(sql);
    return st->step() ? st->int64(0) : 0;
}

std::string Connection::query_text(const std::string& sql) {
    auto st = statement(sql);
    return st->step() ? st->text(0) : std::string();
}

void Connection::fail(int rc, const std::string& action) const {
    Explanation e = explain(rc);
    std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    if (read_only_ && (rc & 0xff) == SQLITE_READONLY) {
        e.what = "the session is open read-only";
        e.hint = "open it for writing to change it";
    }
    throw Error(action + " failed: " + e.what + " (" + detail + ")", path_, e.hint);
}

// -------------------------------------------------------------- Transaction

Transaction::Transaction(Connection& connection) : connection_(connection) {
    if (connection_.in_transaction()) {
        static std::atomic<uint64_t> counter{0};
        savepoint_ = "sp" + std::to_string(++counter);
        connection_.exec("SAVEPOINT " + savepoint_);
    } else {
        connection_.exec("BEGIN IMMEDIATE");
    }
}

Transaction::~Transaction() {
    if (done_)
        return;
    // Errors here are swallowed: we are already unwinding from the real one,
    // and SQLite rolls back on its own when a statement fails (e.g. SQLITE_FULL).
    if (savepoint_.empty()) {
        if (connection_.in_transaction())
            sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    } else {
        const std::string sql = "ROLLBACK TO " + savepoint_ + "; RELEASE " + savepoint_;
        sqlite3_exec(connection_.handle(), sql.c_str(), nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    connection_.exec(savepoint_.empty() ? "COMMIT" : "RELEASE " + savepoint_);
    done_ = true;
}

}  // namespace facellava::store::detail
