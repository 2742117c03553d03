// The face nets shared by every analysis: face-api's four nets and, when the
// dlib detector is chosen, dlib's shape predictor. Loaded on first use on the
// calling (worker) thread, never on the GUI thread; both are immutable and
// thread-safe once loaded, so one instance serves every job.
#pragma once

#include <memory>
#include <mutex>

#include "facellava/core/assets.h"

namespace facellava {
class DlibLandmarker;
namespace perception {
class FaceAnalyzer;
}
}  // namespace facellava

namespace facellava::ui {

class PerceptionModels {
  public:
    explicit PerceptionModels(AssetLocator assets);
    ~PerceptionModels();

    // Throw facellava::Error (missing asset, with the fix command) on failure.
    const perception::FaceAnalyzer& analyzer();
    const DlibLandmarker& dlibLandmarker();
    const AssetLocator& assets() const { return assets_; }

  private:
    AssetLocator assets_;
    std::mutex mutex_;
    std::unique_ptr<perception::FaceAnalyzer> analyzer_;
    std::unique_ptr<DlibLandmarker> landmarker_;
};

}  // namespace facellava::ui
