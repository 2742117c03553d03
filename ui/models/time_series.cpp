#include "models/time_series.h"

#include <set>

namespace facellava::ui {

std::vector<int> TimeSeries::face_ids() const {
    std::set<int> ids;
    for (const auto& sample : samples)
        for (const auto& entry : sample.faces)
            ids.insert(entry.first);
    return {ids.begin(), ids.end()};
}

}  // namespace facellava::ui
