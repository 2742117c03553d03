// Version-specific c10d code (see c10d_adapter.h). The FACELLAVA_HAVE_C10D_*
// macros come from training/CMakeLists.txt; LibTorch's own headers guard
// their backends with USE_C10D_GLOO / USE_C10D_NCCL, which we set to match.
#include "distributed/c10d_adapter.h"

#include <torch/version.h>

#include <cstdlib>

#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#ifdef FACELLAVA_HAVE_C10D_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif

#ifdef FACELLAVA_HAVE_C10D_NCCL
#ifndef USE_C10D_NCCL
#define USE_C10D_NCCL 1
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "facellava/core/error.h"

namespace facellava::training {
namespace {

#if TORCH_VERSION_MAJOR >= 2
using GroupBase = c10d::Backend;  // 2.x: a ProcessGroup dispatches to Backends
#else
using GroupBase = c10d::ProcessGroup;  // 1.13: the backends are ProcessGroups
#endif

#ifdef FACELLAVA_HAVE_C10D_GLOO
bool is_loopback(const std::string& host) {
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

c10::intrusive_ptr<GroupBase> make_gloo(const c10::intrusive_ptr<c10d::Store>& store,
                                        const C10dGroupOptions& o) {
    auto options = c10d::ProcessGroupGloo::Options::create(o.timeout);
    std::string interface = o.gloo_interface;
    if (interface.empty()) {
        if (const char* env = std::getenv("GLOO_SOCKET_IFNAME"))
            interface = env;
    }
    if (!interface.empty()) {
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
    } else if (is_loopback(o.master_addr)) {
        options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    } else {
        options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    return c10::make_intrusive<c10d::ProcessGroupGloo>(store, o.rank, o.world_size, options);
}
#endif

#ifdef FACELLAVA_HAVE_C10D_NCCL
c10::intrusive_ptr<GroupBase> make_nccl(const c10::intrusive_ptr<c10d::Store>& store,
                                        const C10dGroupOptions& o) {
    auto options = c10d::ProcessGroupNCCL::Options::create();
    options->timeout = o.timeout;
    return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, o.rank, o.world_size, options);
}
#endif

}  // namespace

const char* comm_backend_name(CommBackend backend) {
    return backend == CommBackend::Nccl ? "nccl" : "gloo";
}

bool c10d_has_backend(CommBackend backend) {
    switch (backend) {
        case CommBackend::Gloo:
#ifdef FACELLAVA_HAVE_C10D_GLOO
            return true;
#else
            return false;
#endif
        case CommBackend::Nccl:
#ifdef FACELLAVA_HAVE_C10D_NCCL
            return true;
#else
            return false;
#endif
    }
    return false;
}

std::string torch_version_text() {
    return TORCH_VERSION;
}

struct C10dWork::Impl {
    c10::intrusive_ptr<c10d::Work> work;  // 1.13 and 2.x: c10d::Work
};

C10dWork::C10dWork(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

C10dWork::~C10dWork() = default;

void C10dWork::wait() {
    impl_->work->wait();
}

struct C10dGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<GroupBase> group;
    bool nccl = false;
};

C10dGroup::C10dGroup(const C10dGroupOptions& o) : impl_(std::make_unique<Impl>()) {
    if (!c10d_has_backend(o.backend)) {
        throw Error(std::string("this build has no c10d ") + comm_backend_name(o.backend) +
                        " backend (LibTorch " + TORCH_VERSION + ")",
                    "",
                    o.backend == CommBackend::Gloo
                        ? "install the gloo headers (Debian: libgloo-dev) and re-run cmake"
                        : "use --dist-backend gloo, or build against a CUDA LibTorch with NCCL");
    }
    c10d::TCPStoreOptions store_options;
    store_options.port = static_cast<std::uint16_t>(o.master_port);
    store_options.isServer = o.rank == 0;
    store_options.numWorkers = static_cast<std::size_t>(o.world_size);
    store_options.waitWorkers = true;
    store_options.timeout = o.timeout;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(o.master_addr, store_options);
#ifdef FACELLAVA_HAVE_C10D_GLOO
    if (o.backend == CommBackend::Gloo)
        impl_->group = make_gloo(impl_->store, o);
#endif
#ifdef FACELLAVA_HAVE_C10D_NCCL
    if (o.backend == CommBackend::Nccl) {
        impl_->group = make_nccl(impl_->store, o);
        impl_->nccl = true;
    }
#endif
}

C10dGroup::~C10dGroup() {
#if defined(FACELLAVA_HAVE_C10D_NCCL) && \
    (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4))
    // 2.4+ warns (and may leak communicators) when a NCCL group is destroyed
    // without shutdown().
    if (impl_ && impl_->nccl && impl_->group) {
        try {
            static_cast<c10d::ProcessGroupNCCL*>(impl_->group.get())->shutdown();
        } catch (const std::exception&) {
        }
    }
#endif
}

void C10dGroup::all_reduce_sum(const std::vector<torch::Tensor>& tensors) {
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    works.reserve(tensors.size());
    for (const auto& t : tensors) {
        std::vector<at::Tensor> one{t};
        c10d::AllreduceOptions options;
        options.reduceOp = c10d::ReduceOp::SUM;
        works.push_back(impl_->group->allreduce(one, options));
    }
    for (auto& w : works)
        w->wait();
}

std::unique_ptr<C10dWork> C10dGroup::start_all_reduce_sum(const torch::Tensor& tensor) {
    std::vector<at::Tensor> one{tensor};
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    auto impl = std::make_unique<C10dWork::Impl>();
    impl->work = impl_->group->allreduce(one, options);
    return std::unique_ptr<C10dWork>(new C10dWork(std::move(impl)));
}

void C10dGroup::broadcast(const std::vector<torch::Tensor>& tensors, int root) {
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    for (const auto& t : tensors) {
        std::vector<at::Tensor> one{t};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        works.push_back(impl_->group->broadcast(one, options));
    }
    for (auto& w : works)
        w->wait();
}

void C10dGroup::barrier() {
    impl_->group->barrier(c10d::BarrierOptions())->wait();
}

}  // namespace facellava::training
