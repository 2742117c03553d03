// Questions and answers of FaceInstruct-Nano. Answers state the label first in
// the words the answer parsers read (docs/ANSWER_PARSERS.md: the earliest
// mention decides), then a rationale from the cues that pass their thresholds.
// The rationale never names an emotion, an age or a gender word, so it cannot
// change what the parsers read.
#include <cmath>
#include <string>
#include <vector>

#include "demo_data/demo_random.h"
#include "facellava/core/error.h"
#include "facellava/training/demo_data.h"

namespace facellava::training {
namespace {

// FaceAnalyzer::expression_labels() order, as the answers spell them.
constexpr const char* kExpressionWords[7] = {"Neutral", "Happy",     "Sad",      "Angry",
                                             "Fearful", "Disgusted", "Surprised"};

std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = char(text[0] - 'a' + 'A');
    return text;
}

// "a", "a and b", "a, b and c" as one sentence with a full stop.
std::string sentence(const std::vector<std::string>& clauses) {
    std::string text;
    for (size_t i = 0; i < clauses.size(); ++i) {
        if (i > 0)
            text += i + 1 == clauses.size() ? " and " : ", ";
        text += clauses[i];
    }
    return capitalised(text) + ".";
}

std::vector<std::string> expression_clauses(const FaceCues& c, const CueThresholds& t) {
    std::vector<std::string> clauses;
    if (c.lip_corner_raise >= t.corners_raised)
        clauses.push_back("the lip corners are raised");
    else if (c.lip_corner_raise <= t.corners_lowered)
        clauses.push_back("the lip corners are turned down");
    if (c.mouth_openness >= t.mouth_wide_open)
        clauses.push_back("the mouth is wide open");
    else if (c.mouth_openness >= t.mouth_slightly_open)
        clauses.push_back("the mouth is slightly open");
    if (c.eye_openness >= t.eyes_wide)
        clauses.push_back("the eyes are wide open");
    else if (c.eye_openness <= t.eyes_narrow)
        clauses.push_back("the eyes are narrowed");
    if (c.brow_raise >= t.brows_raised)
        clauses.push_back("the brows are raised");
    else if (c.brow_raise <= t.brows_lowered)
        clauses.push_back("the brows are drawn down");
    return clauses;
}

std::string expression_rationale(const FaceCues& c, const CueThresholds& t) {
    const auto clauses = expression_clauses(c, t);
    if (clauses.empty())
        return "The mouth, eyes and brows are at rest.";
    return sentence(clauses);
}

// "" when the pose fit is unreliable.
std::string pose_clause(const FaceCues& c, const CueThresholds& t) {
    if (!c.pose_reliable)
        return {};
    std::vector<std::string> parts;
    if (c.yaw >= t.yaw_deg)
        parts.push_back("turned to their left");
    else if (c.yaw <= -t.yaw_deg)
        parts.push_back("turned to their right");
    if (c.pitch >= t.pitch_deg)
        parts.push_back("tilted up");
    else if (c.pitch <= -t.pitch_deg)
        parts.push_back("tilted down");
    if (parts.empty())
        return "the head faces the camera";
    return "the head is " + (parts.size() == 2 ? parts[0] + " and " + parts[1] : parts[0]);
}

std::string age_phrase(float age) {
    const long years = std::max(1L, std::lround(double(age)));
    return "about " + std::to_string(years) + (years == 1 ? " year old" : " years old");
}

const std::vector<std::string> kExpressionQuestions = {
    "What is the facial expression of this person?",
    "Which emotion does the face show?",
    "How does this person feel, judging by the face?",
    "What emotion is expressed in this image?",
    "Can you identify the emotion of the person in the picture?",
    "What is the emotional state of the person shown?",
    "Looking at the facial cues, which expression is this?",
    "Classify the facial expression in this image and explain why.",
    "What expression does this face have?",
    "Which feeling is visible on this person's face?",
};
const std::vector<std::string> kAgeQuestions = {
    "How old does this person look?",
    "Estimate the age of the person in the image.",
    "What is the approximate age of this person?",
    "Roughly how old is the person shown?",
    "Can you guess this person's age?",
    "What age would you estimate for this face?",
    "How many years old does the person appear to be?",
    "Give an age estimate for the person in this picture.",
};
const std::vector<std::string> kGenderQuestions = {
    "What is the gender of this person?",
    "Is the person in the image male or female?",
    "Which gender does this face appear to be?",
    "Would you describe this person as male or female?",
    "What gender is the person shown here?",
    "Identify the apparent gender of this person.",
    "Does this face look male or female?",
    "Tell me the perceived gender of the person in the picture.",
};
const std::vector<std::string> kDescribeQuestions = {
    "Describe this person's face: expression, approximate age, gender and head pose.",
    "Give a short description of the face in this image.",
    "What can you tell about this person from the face?",
    "Summarise the expression, age, gender and head orientation of this person.",
    "Describe the person in the picture.",
    "Analyse this face and report the expression, age and gender.",
    "What does this face show? Include the expression, age, gender and pose.",
    "Provide a brief facial analysis of this person.",
};

}  // namespace

const char* demo_task_name(DemoTask task) {
    switch (task) {
        case DemoTask::Expression:
            return "nano_expression";
        case DemoTask::Age:
            return "nano_age";
        case DemoTask::Gender:
            return "nano_gender";
        case DemoTask::Describe:
            return "nano_describe";
    }
    return "nano_unknown";
}

const std::vector<std::string>& demo_questions(DemoTask task) {
    switch (task) {
        case DemoTask::Expression:
            return kExpressionQuestions;
        case DemoTask::Age:
            return kAgeQuestions;
        case DemoTask::Gender:
            return kGenderQuestions;
        case DemoTask::Describe:
            break;
    }
    return kDescribeQuestions;
}

const std::string& pick_demo_question(DemoTask task, uint64_t seed, const std::string& sample_id) {
    const auto& questions = demo_questions(task);
    const uint64_t h =
        demo::hash_key(seed, "question/" + std::string(demo_task_name(task)) + "/" + sample_id);
    return questions[size_t(h % questions.size())];
}

std::string demo_answer(DemoTask task, const TeacherLabels& labels, const FaceCues& cues,
                        const CueThresholds& t) {
    if (labels.expression_index < 0 || labels.expression_index >= 7)
        throw Error("expression index out of range: " + std::to_string(labels.expression_index));
    if (labels.gender != "male" && labels.gender != "female")
        throw Error("gender must be \"male\" or \"female\", got \"" + labels.gender + "\"");
    const std::string expression = kExpressionWords[labels.expression_index];
    const bool weak = labels.expression[size_t(labels.expression_index)] < float(t.weak_expression);
    const bool unsure_gender = labels.gender_probability < float(t.unsure_gender);
    const std::string pose = pose_clause(cues, t);

    switch (task) {
        case DemoTask::Expression:
            return expression + (weak ? ", though the cues are weak. " : ". ") +
                   expression_rationale(cues, t);
        case DemoTask::Age: {
            std::string answer = capitalised(age_phrase(labels.age)) + ".";
            if (!pose.empty())
                answer += " The estimate comes from a view in which " + pose + ".";
            return answer;
        }
        case DemoTask::Gender: {
            std::string answer = capitalised(labels.gender);
            answer += unsure_gender ? ", though the appearance is ambiguous." : ".";
            if (!pose.empty())
                answer += " In this view " + pose + ".";
            return answer;
        }
        case DemoTask::Describe: {
            std::string answer =
                expression + ", " + age_phrase(labels.age) + ", " + labels.gender + ".";
            if (weak)
                answer += " The expression cues are weak.";
            answer += " " + expression_rationale(cues, t);
            if (!pose.empty())
                answer += " " + capitalised(pose) + ".";
            return answer;
        }
    }
    return {};
}

}  // namespace facellava::training
