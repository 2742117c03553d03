#include <iostream>

#include "runtime/cuda_graph.h"

namespace facellava::model {

std::string capture_or_warn(CudaGraph& graph, const std::function<void()>& work,
                            const std::string& subject) {
    try {
        graph.capture(work);
        return {};
    } catch (const std::exception& e) {
        std::cerr << "warning: " << e.what() << "; " << subject
                  << " continues without CUDA graphs (set FACELLAVA_CUDA_GRAPHS=0 to skip the "
                     "attempt)\n";
        return e.what();
    }
}

}  // namespace facellava::model
