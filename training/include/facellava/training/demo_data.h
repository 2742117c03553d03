// FaceInstruct-Nano: a small FaceInstruct-format data set (docs/TRAINING.md,
// FACELLAVA_SPEC §7) for the FaceLLaVA-Nano demo model, generated
// reproducibly from photos shipped in packages and labelled by face-api's
// pretrained nets (the "teacher", face_analyzer.h). Writes OUT/images/*.png,
// OUT/landmarks/*.npy ((68, 2) float32, crop pixels), OUT/train.json,
// OUT/eval.json and OUT/manifest.json (sources with sha256, counts, settings).
//
// Every face of every photo (face-api detector, score ≥ min_score, box side
// ≥ min_face_px) gives `variants` 256-px crops: v0 is Face-LLaVA's own crop
// (crop_face_square), v1… are augmented (flip, rotation, scale, shift,
// brightness / contrast / saturation), all drawn from the seed. The teacher is
// run again on each crop as written (on its padded canvas, see
// demo_teacher_canvas: detector, then expression / age / gender on the box it
// finds), and a crop is kept only when it finds exactly one face there
// (score ≥ crop_min_score); its labels, landmarks and the cues measured from
// them are the crop's own. Each kept crop gives four samples (tasks nano_expression,
// nano_age, nano_gender, nano_describe) whose answers state the label first,
// in the words the answer parsers read (answer_parsers.h), then a rationale
// from the measured cues. Photos go whole to train.json or eval.json; eval
// keeps v0 only.
//
// Same inputs, options and seed → the same bytes in every file.
//
// Thread-safety: make_demo_data may run on any thread; its callbacks are
// called on that thread. The phrasing and cue functions are reentrant.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/face_types.h"
#include "facellava/core/image.h"
#include "facellava/pipeline/analysis_models.h"

namespace facellava::training {

// ---- sources -----------------------------------------------------------------

enum class DemoSourceKind {
    FaceApiDemo,  // face-api's demo/sample1…6.jpg (default eval photo: sample6.jpg)
    Folder,       // the photos of a folder, sorted (default eval: every 4th, from the 4th)
    File,         // one photo (train unless named by eval_photos)
};

struct DemoSource {
    std::string path;
    DemoSourceKind kind = DemoSourceKind::Folder;
    bool is_default = false;  // missing → a note; given by the user and missing → an error
};

// face-api's demo photos, then libdlib19.1's example faces folder.
std::vector<DemoSource> default_demo_sources(const AssetLocator& assets);
// A user's --source: a folder or a file.
DemoSource demo_source_from_path(const std::string& path);

struct DemoPhoto {
    std::string path;
    std::string name;   // file name, e.g. "sample6.jpg"
    std::string stem;   // the sample-id prefix, e.g. "sample6"
    size_t source = 0;  // index into the sources
    bool eval = false;
};

// ---- teacher labels, cues and phrasing ---------------------------------------

// What face-api says about one crop.
struct TeacherLabels {
    std::array<float, 7> expression{};  // FaceAnalyzer::expression_labels() order
    int expression_index = 0;           // argmax
    float age = 0;                      // years
    std::string gender;                 // "male" / "female"
    float gender_probability = 0;       // of `gender`
};

// The argmax of the probabilities (the first on ties).
int expression_argmax(const std::array<float, 7>& probabilities);

// Measures from the 68 landmarks of a crop (crop pixels).
struct FaceCues {
    double mouth_openness = 0;    // inner-lip gap / mouth width (inner-lip aspect ratio)
    double lip_corner_raise = 0;  // corners above the mouth centre, / inter-ocular distance
    double eye_openness = 0;      // mean eye aspect ratio of both eyes
    double brow_raise = 0;        // brow above eye centre / face height (nasion 27 to chin 8)
    double yaw = 0;               // degrees (head_pose.h: > 0 the subject's left)
    double pitch = 0;             // degrees (> 0 looking up)
    bool pose_reliable = false;   // the pose fit's reprojection error is below 0.1
};

// Thresholds above/below which a cue is put into words.
struct CueThresholds {
    // Set from the demo photos' spread (dlib landmarks): closed mouths measure
    // 0.01–0.10, smiles raise the corners 0.05–0.15, eyes 0.12–0.42, brows 0.09–0.24.
    double mouth_slightly_open = 0.15;
    double mouth_wide_open = 0.40;
    double corners_raised = 0.07;
    double corners_lowered = -0.03;
    double eyes_wide = 0.36;
    double eyes_narrow = 0.19;
    double brows_raised = 0.22;
    double brows_lowered = 0.11;
    double yaw_deg = 15;
    double pitch_deg = 12;
    double weak_expression = 0.5;  // top probability below this: "the cues are weak"
    double unsure_gender = 0.7;    // gender probability below this: "ambiguous"
};

// Throws facellava::Error when the landmarks are degenerate.
FaceCues measure_face_cues(const Landmarks68& crop_landmarks, int crop_size);

enum class DemoTask { Expression, Age, Gender, Describe };
inline constexpr std::array<DemoTask, 4> kDemoTasks = {DemoTask::Expression, DemoTask::Age,
                                                       DemoTask::Gender, DemoTask::Describe};

// "nano_expression", "nano_age", "nano_gender", "nano_describe".
const char* demo_task_name(DemoTask task);
// The paraphrased questions of a task (at least eight each).
const std::vector<std::string>& demo_questions(DemoTask task);
// One of them, picked by a hash of (seed, sample id, task).
const std::string& pick_demo_question(DemoTask task, uint64_t seed, const std::string& sample_id);
// The answer: label first ("Happy.", "About 34 years old.", "Female."), then
// the rationale from the cues that pass the thresholds.
std::string demo_answer(DemoTask task, const TeacherLabels& labels, const FaceCues& cues,
                        const CueThresholds& thresholds = {});

// ---- the teacher's view of a crop -----------------------------------------------

// The teacher (face-api's tiny detector) rarely finds a face that fills the
// whole image, so it looks at a crop centred on a canvas with a margin of
// demo_teacher_margin() pixels on each side, filled with the CLIP mean colour
// kTeacherPad: detector on the canvas, exactly one face kept, expression / age /
// gender from analyze_face(canvas, that box). Landmarks move back by the margin.
inline constexpr std::array<uint8_t, 3> kTeacherPad = {122, 116, 104};
int demo_teacher_margin(int crop_size);  // crop_size / 2
ImageRGB demo_teacher_canvas(const ImageRGB& crop);

// ---- the run -------------------------------------------------------------------

struct DemoDataOptions {
    std::vector<DemoSource> sources;  // empty: default_demo_sources()
    std::string output_dir;           // created; may hold an earlier demo-data run (replaced)
    int variants = 12;                // crops per face in train, v0 included (1…1000)
    uint64_t seed = 1234;
    // Photos (file names or stems) for eval.json; empty: the sources' defaults.
    std::vector<std::string> eval_photos;
    std::vector<std::string> exclude = {"dogs.jpg"};  // file names never used
    bool skip_bad = false;   // an unreadable photo: report and go on instead of failing
    float min_score = 0.5f;  // faces of the photos
    // The teacher's re-check of each crop (face-api scores an upscaled face
    // from a group photo lower than the same face in the photo).
    float crop_min_score = 0.3f;
    int min_face_px = 40;  // shorter box side in photo pixels
    CueThresholds thresholds;
    int crop_size = 256;

    // Throws facellava::Error naming the bad setting.
    void validate() const;
};

struct DemoProgress {
    size_t photos_total = 0;
    size_t photos_done = 0;
    size_t faces = 0;
    size_t crops_kept = 0;
    double fraction = 0;
    double elapsed_s = 0;
    double eta_s = -1;
    std::string current;  // photo file name
};

struct DemoDataCallbacks {
    std::function<void(const DemoProgress&)> on_progress;
    // Notes for the user (missing default source, photo without faces, skipped bad photo).
    std::function<void(const std::string&)> on_note;
    // Set from any thread to stop: train/eval/manifest are not written.
    const std::atomic<bool>* cancel = nullptr;
};

struct DemoSourceSummary {
    DemoSource source;
    bool found = false;
    size_t photos = 0;
    size_t faces = 0;  // detected faces that passed the filters
    size_t crops_kept = 0;
    size_t crops_dropped = 0;  // the teacher found no or several faces in them
};

struct DemoSplitCounts {
    size_t samples = 0;
    size_t crops = 0;
    std::map<std::string, size_t> by_task;
    std::map<std::string, size_t> by_expression;  // label of the crops
    std::map<std::string, size_t> by_gender;
    std::map<std::string, size_t> by_age_band;  // "0-9", "10-19", …
};

struct DemoDataResult {
    bool cancelled = false;
    std::vector<DemoSourceSummary> sources;
    std::vector<DemoPhoto> photos;
    std::vector<std::string> notes;
    std::vector<std::string> skipped;  // "file: error" for --skip-bad
    DemoSplitCounts train;
    DemoSplitCounts eval;
    std::string train_json, eval_json, manifest_json;  // paths; "" when cancelled
    double wall_s = 0;
};

// Discovers the photos of the sources and marks the eval ones. Throws
// facellava::Error for a missing user source, a name collision, an eval
// photo that is none of them, or no photo at all.
std::vector<DemoPhoto> discover_demo_photos(const DemoDataOptions& options,
                                            const std::vector<DemoSource>& sources,
                                            std::vector<std::string>* notes);

// Runs the generation. models.faceapi is required. Landmarks written and
// measured: dlib's shape predictor (as the chat's FacePreparer) fitted on the
// teacher's box in the crop when models.dlib_landmarks is loaded, else
// face-api's landmark net. Throws facellava::Error for bad options, a missing source,
// an output folder holding something else, and (without skip_bad) a photo that
// cannot be read.
DemoDataResult make_demo_data(const DemoDataOptions& options,
                              const pipeline::AnalysisModels& models,
                              const DemoDataCallbacks& callbacks = {});

}  // namespace facellava::training
