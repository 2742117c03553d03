#include "generation/decode_session.h"

namespace facellava::model {

DecodeSession::DecodeSession(LlamaForCausalLM lm, const torch::Device& device, bool use_graphs)
    : device_(device), cache_(lm->make_cache(0)), runner_(lm, cache_, 1, device, use_graphs) {}

DecodeSessionPool::DecodeSessionPool(LlamaForCausalLM lm, const torch::Device& device,
                                     bool use_graphs)
    : lm_(std::move(lm)), device_(device), use_graphs_(use_graphs) {}

DecodeSessionPool::Lease::~Lease() {
    if (!session_)  // moved from
        return;
    session_->cache().reset();
    std::lock_guard<std::mutex> lock(pool_->mutex_);
    pool_->idle_.push_back(std::move(session_));
}

DecodeSessionPool::Lease DecodeSessionPool::acquire() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            auto session = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(session));
        }
        ++made_;
    }
    return Lease(*this, std::make_unique<DecodeSession>(lm_, device_, use_graphs_));
}

size_t DecodeSessionPool::sessions() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return made_;
}

}  // namespace facellava::model
