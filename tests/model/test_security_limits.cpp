// Resource limits of the model layer, each hit once: frames one analysis job
// decodes from a video, JSON read from checkpoint files (config.json and
// indexes), and the tokenizer's input length.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "io/json_config.h"
#include "test_support.h"

#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/pipeline/media_analyzer.h"
#include "pipeline_test_data.h"
#endif

namespace facellava {
namespace {

namespace fs = std::filesystem;

#ifdef FACELLAVA_HAVE_MEDIA
TEST(SecurityLimits, OneJobDecodesAtMostMaxFramesPerVideo) {
    using namespace pipeline;
    const std::string video = test_data::batch_input_dir() + "/video.mp4";
    for (const int every : {1, 2}) {  // sequential decoding, then seeking
        SCOPED_TRACE(every);
        AnalysisOptions options;
        options.every_nth_frame = every;
        options.max_frames_per_video = 3;
        MediaAnalyzer analyzer(test_data::default_models(), options);
        AnalysisCallbacks callbacks;
        std::vector<int64_t> frames;
        callbacks.on_face = [&](const FaceRecord& r) {
            if (frames.empty() || frames.back() != r.frame)
                frames.push_back(r.frame);
        };
        const MediaSummary summary = analyzer.analyze_file(video, callbacks);
        EXPECT_EQ(summary.frame_count, test_data::kBatchVideoFrames);
        EXPECT_EQ(summary.frames_analysed, 3);
        EXPECT_EQ(frames.size(), 3u);
        EXPECT_EQ(frames.back(), 2 * every);
        EXPECT_NE(summary.warning.find("limit per video"), std::string::npos) << summary.warning;
    }
    AnalysisOptions within;
    within.max_frames_per_video = test_data::kBatchVideoFrames;
    MediaAnalyzer analyzer(test_data::default_models(), within);
    AnalysisCallbacks callbacks;
    callbacks.on_face = [](const FaceRecord&) {};
    const MediaSummary summary = analyzer.analyze_file(video, callbacks);
    EXPECT_EQ(summary.frames_analysed, test_data::kBatchVideoFrames);
    EXPECT_TRUE(summary.warning.empty()) << summary.warning;

    AnalysisOptions zero;
    zero.max_frames_per_video = 0;
    EXPECT_THROW(zero.validate(), Error);
}
#endif

TEST(SecurityLimits, CheckpointJsonIsParsedWithDepthAndStringLimits) {
    const std::string dir = test::make_temp_dir("config_limits");
    const std::string deep = dir + "/config.json";
    std::ofstream(deep) << "{\"a\":" << std::string(200000, '[') << std::string(200000, ']') << "}";
    try {
        io::read_json_file(deep);
        FAIL() << "deep config accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), deep);
        EXPECT_NE(std::string(e.what()).find("nesting deeper than 64"), std::string::npos)
            << e.what();
    }
    const std::string long_string = dir + "/index.json";
    std::ofstream(long_string) << "{\"weight_map\":{\"x\":\"" << std::string(17 << 20, 'a')
                               << "\"}}";
    try {
        io::read_json_file(long_string);
        FAIL() << "17 MB string accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), long_string);
        EXPECT_NE(std::string(e.what()).find("longer than"), std::string::npos) << e.what();
    }
    const std::string broken = dir + "/broken.json";
    std::ofstream(broken) << "{\"hidden_size\": 4";
    try {
        io::read_json_file(broken);
        FAIL() << "truncated config accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), broken);
        EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos) << e.what();
    }
}

#ifdef FACELLAVA_HAVE_SPM
TEST(SecurityLimits, TokenizerRefusesHugeInputQuickly) {
    const auto tokenizer = model::Tokenizer::load(test::fixture("tiny_llama_spm.model"));
    EXPECT_FALSE(tokenizer.encode("Hello world").empty());
    const std::string huge(100u << 20, 'a');  // 100 MB
    const auto start = std::chrono::steady_clock::now();
    try {
        tokenizer.encode(huge);
        FAIL() << "100 MB encoded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("over the limit"), std::string::npos) << e.what();
    }
    EXPECT_THROW(tokenizer.encode_prompt(huge), Error);
    EXPECT_THROW(tokenizer.encode(std::string_view(huge).substr(0, (4u << 20) + 1)), Error);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}
#endif

}  // namespace
}  // namespace facellava
