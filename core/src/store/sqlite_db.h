// RAII over the sqlite3 C API, private to the store (no other code sees
// sqlite3.h). Every SQLite failure leaves here as a facellava::Error that
// names the session file and says what the user can do about it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace facellava::store::detail {

class Connection;

// One prepared statement. Obtained through Connection::statement(), which
// caches it; the StatementRef handed out resets it on scope exit so no
// half-stepped SELECT keeps a read snapshot (and the WAL) pinned.
class Statement {
  public:
    Statement(Connection& connection, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, int64_t(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind(int index, const std::optional<int64_t>& value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind_blob(int index, const void* data, size_t size);
    Statement& bind_null(int index);

    // True while a row is ready; false when done. Throws facellava::Error.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    // Columns are 0-based, as in SQLite.
    bool is_null(int column) const;
    int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<int64_t> optional_int64(int column) const;
    std::optional<double> optional_real(int column) const;
    const void* blob(int column, size_t* size) const;

  private:
    Connection& connection_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

class StatementRef {
  public:
    explicit StatementRef(Statement& statement) : statement_(&statement) {}
    ~StatementRef() {
        if (statement_)
            statement_->reset();
    }
    StatementRef(StatementRef&& other) noexcept : statement_(other.statement_) {
        other.statement_ = nullptr;
    }
    StatementRef(const StatementRef&) = delete;
    StatementRef& operator=(const StatementRef&) = delete;
    Statement* operator->() { return statement_; }
    Statement& operator*() { return *statement_; }

  private:
    Statement* statement_;
};

struct ConnectionOptions {
    bool read_only = false;
    bool create = true;
    int busy_timeout_ms = 10000;
    // Read-only files in folders we cannot write (no -shm can be made): open
    // with SQLite's immutable flag. Only valid when no -wal content exists.
    bool immutable = false;
};

// One sqlite3* connection to one session file.
class Connection {
  public:
    Connection(const std::string& path, const ConnectionOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    bool read_only() const { return read_only_; }

    // Runs one or more statements without results (schema scripts, PRAGMAs).
    void exec(const std::string& sql);
    // A cached prepared statement, reset when the returned reference dies.
    StatementRef statement(const std::string& sql);
    // Single-value helpers for PRAGMAs and COUNT(*).
    int64_t query_int64(const std::string& sql);
    std::string query_text(const std::string& sql);

    int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

    // Throws the facellava::Error for an SQLite result code. `action` says
    // what we were doing ("saving annotations", "opening the session").
    [[noreturn]] void fail(int rc, const std::string& action) const;
    void check(int rc, const std::string& action) const {
        if (rc != SQLITE_OK)
            fail(rc, action);
    }

  private:
    sqlite3* db_ = nullptr;
    std::string path_;
    bool read_only_ = false;
    std::map<std::string, std::unique_ptr<Statement>> cache_;
};

// A scoped write transaction: BEGIN IMMEDIATE (so the write lock is taken up
// front and busy_timeout applies, never a deadlocking read-to-write upgrade),
// or a SAVEPOINT when already inside one. Rolls back unless commit() ran.
class Transaction {
  public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& connection_;
    std::string savepoint_;  // empty for a top-level transaction
    bool done_ = false;
};

}  // namespace facellava::store::detail
