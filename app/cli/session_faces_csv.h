// `facellava session export FILE OUT --format faces-csv`: the faces a session
// holds, as the rows of faces.csv (docs/CSV.md), written by the batch's own
// row writer (pipeline/face_csv.h), so the workbench and a batch job never
// disagree about a face.
#pragma once

#include <optional>
#include <string>

#include "facellava/core/store/session_store.h"
#include "facellava/pipeline/analysis_options.h"

namespace facellava::cli {

// Rows of every media (or one), in media id, frame and face id order; the
// answer columns are the Face-LLaVA tasks found in the session. Returns the
// number of rows written (atomically) to `path`. Frames are numbered and
// expressions named by `conventions`, as batch's --frame-base and
// --expression-names do.
int64_t export_session_faces_csv(store::SessionStore& store, const std::string& path,
                                 std::optional<store::Id> media_id,
                                 const pipeline::OutputConventions& conventions = {});

}  // namespace facellava::cli
