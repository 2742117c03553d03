#include "distributed/dist_context.h"

#include <cmath>

#include "facellava/core/error.h"

namespace facellava::training {
namespace {

std::string what_of(const std::exception& e) {
    if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e))
        return c10_error->what_without_backtrace();
    return e.what();
}

}  // namespace

CommBackend resolve_comm_backend(const std::string& choice, bool cuda) {
    if (choice == "auto") {
        if (cuda && c10d_has_backend(CommBackend::Nccl))
            return CommBackend::Nccl;
        return CommBackend::Gloo;
    }
    if (choice == "gloo" || choice == "nccl") {
        const CommBackend b = choice == "gloo" ? CommBackend::Gloo : CommBackend::Nccl;
        if (b == CommBackend::Nccl && !cuda) {
            throw Error("dist_backend nccl needs a CUDA device (this run trains on the CPU)", "",
                        "use --dist-backend gloo (or auto), or --device cuda");
        }
        if (!c10d_has_backend(b)) {
            throw Error("dist_backend " + choice + ": this build has no c10d " + choice +
                            " backend (LibTorch " + torch_version_text() + ")",
                        "",
                        b == CommBackend::Gloo
                            ? "install the gloo headers (Debian: libgloo-dev) and re-run cmake"
                            : "use --dist-backend gloo, or build against a CUDA LibTorch with "
                              "NCCL");
        }
        return b;
    }
    throw Error("unknown dist_backend '" + choice + "'", "", "use auto, gloo or nccl");
}

std::unique_ptr<DistContext> DistContext::join(const DistEnv& env, const DistJoinOptions& options) {
    std::unique_ptr<DistContext> ctx(new DistContext());
    ctx->env_ = env;
    ctx->backend_ = resolve_comm_backend(options.backend, options.cuda);
    ctx->comm_device_ = ctx->backend_ == CommBackend::Nccl ? options.device : torch::kCPU;
    ctx->timeout_s_ = options.timeout_s;
    C10dGroupOptions o;
    o.master_addr = env.master_addr;
    o.master_port = env.master_port;
    o.rank = env.rank;
    o.world_size = env.world_size;
    o.backend = ctx->backend_;
    o.timeout = std::chrono::milliseconds(int64_t(std::llround(options.timeout_s * 1000.0)));
    try {
        ctx->group_ = std::make_unique<C10dGroup>(o);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(ctx->describe() + " could not join the group at " + env.master_addr + ":" +
                        std::to_string(env.master_port) + ": " + what_of(e),
                    "",
                    "check that every rank started with the same MASTER_ADDR/MASTER_PORT and "
                    "WORLD_SIZE, that rank 0 is running and the port is free (timeout " +
                        std::to_string(int64_t(options.timeout_s)) + " s: dist_timeout_s)");
    }
    return ctx;
}

std::string DistContext::describe() const {
    return "rank " + std::to_string(env_.rank) + " of " + std::to_string(env_.world_size) + " (" +
           comm_backend_name(backend_) + ")";
}

void DistContext::lost_peers(const std::string& what, const std::string& detail) const {
    throw Error(describe() + " lost contact with the other ranks while " + what + ": " + detail, "",
                "another rank stopped or the network failed (the timeout is dist_timeout_s = " +
                    std::to_string(int64_t(timeout_s_)) +
                    " s); resume the run with --resume latest");
}

void DistContext::all_reduce_sum(const std::vector<torch::Tensor>& tensors,
                                 const std::string& what) {
    try {
        group_->all_reduce_sum(tensors);
    } catch (const std::exception& e) {
        lost_peers(what, what_of(e));
    }
}

void DistContext::broadcast(const std::vector<torch::Tensor>& tensors, int root,
                            const std::string& what) {
    try {
        group_->broadcast(tensors, root);
    } catch (const std::exception& e) {
        lost_peers(what, what_of(e));
    }
}

std::unique_ptr<C10dWork> DistContext::start_all_reduce_sum(const torch::Tensor& tensor,
                                                            const std::string& what) {
    try {
        return group_->start_all_reduce_sum(tensor);
    } catch (const std::exception& e) {
        lost_peers(what, what_of(e));
    }
}

void DistContext::wait(C10dWork& work, const std::string& what) {
    try {
        work.wait();
    } catch (const std::exception& e) {
        lost_peers(what, what_of(e));
    }
}

void DistContext::barrier(const std::string& what) {
    try {
        group_->barrier();
    } catch (const std::exception& e) {
        lost_peers(what, what_of(e));
    }
}

std::vector<double> DistContext::sum(const std::vector<double>& values, const std::string& what) {
    auto t = torch::tensor(values, torch::kFloat64).to(comm_device_);
    all_reduce_sum({t}, what);
    t = t.to(torch::kCPU);
    return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

}  // namespace facellava::training
