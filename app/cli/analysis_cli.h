// The face-analysis options `facellava analyze` and `facellava batch` share:
// declared once, read into pipeline::AnalysisOptions, models loaded from them.
#pragma once

#include <string>

#include "cli_args.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/analysis_options.h"
#endif

namespace facellava::cli {

// Adds --detector, --landmarks, --min-confidence, --max-faces, --every,
// --fps, --detect-every, --outputs, --crop-from, --dlib-upsample,
// --dlib-threshold, --checkpoint, --image-tower, --video-tower, --tasks,
// --max-new-tokens, --device.
void add_analysis_options(CommandSpec& spec);
// The --crop-from option, as analyze, batch and serve declare it.
void add_crop_from_option(CommandSpec& spec);

#ifdef FACELLAVA_HAVE_MEDIA
// Throws UsageError for malformed values and for --tasks the checkpoint was
// not trained for (naming its config.json), facellava::Error for values out
// of range. Without --tasks: every task the checkpoint was trained for.
pipeline::AnalysisOptions analysis_options_from(const ParsedArgs& args);
// --crop-from's value (detector, blazeface or auto) for a checkpoint folder
// ("" without one): auto is blazeface for a checkpoint other than the demo
// model. Throws UsageError for another value. `serve` takes it too.
pipeline::CropSource crop_source_for(const std::string& name, const std::string& checkpoint);
// face-api nets, dlib's predictor, BlazeFace and the optional outputs' nets
// when asked, the checkpoint when given.
pipeline::AnalysisModels load_models_from(const ParsedArgs& args,
                                          const pipeline::AnalysisOptions& options);
#endif

// The error every media command gives in a build without FFmpeg/OpenCV/dlib.
[[noreturn]] void throw_no_media_support();

}  // namespace facellava::cli
