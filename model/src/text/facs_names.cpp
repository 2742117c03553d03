// FACS action-unit names (Ekman, Friesen & Hager, FACS 2002, plus the older
// "cheek puffer" for AU13 that DISFA-era texts still use). Words are singular:
// a trailing plural "s" is always accepted ("lips part", "eyes closed").
#include "text/answer_parsing.h"

namespace facellava::model::answer_parsing {

const std::vector<FacsName>& facs_names() {
    static const std::vector<FacsName> names = {
        {1, "inner brow|eyebrow raiser"},
        {2, "outer brow|eyebrow raiser"},
        {4, "brow|eyebrow lowerer"},
        {5, "upper lid|eyelid raiser"},
        {6, "cheek raiser"},
        {7, "lid|eyelid tightener"},
        {9, "nose wrinkler"},
        {10, "upper lip raiser"},
        {11, "nasolabial furrow? deepener"},
        {12, "lip corner puller"},
        {13, "cheek puffer"},
        {13, "sharp lip puller"},
        {14, "dimpler"},
        {15, "lip corner depressor"},
        {16, "lower lip depressor"},
        {17, "chin raiser"},
        {18, "lip pucker|puckerer"},
        {19, "tongue show"},
        {20, "lip stretcher"},
        {21, "neck tightener"},
        {22, "lip funneler|funneller"},
        {23, "lip tightener"},
        {24, "lip pressor"},
        {25, "lip part|parted|parting"},
        {26, "jaw drop|dropped"},
        {27, "mouth stretch|stretched"},
        {28, "lip suck"},
        {29, "jaw thrust"},
        {30, "jaw sideways"},
        {31, "jaw clencher"},
        {32, "lip bite|biter"},
        {33, "cheek blow"},
        {34, "cheek puff"},
        {35, "cheek suck"},
        {36, "tongue bulge"},
        {37, "lip wipe"},
        {38, "nostril dilator"},
        {39, "nostril compressor"},
        {41, "lid droop"},
        {42, "slit"},
        {43, "eye closed|closure"},
        {44, "squint"},
        {45, "blink"},
        {46, "wink"},
    };
    return names;
}

}  // namespace facellava::model::answer_parsing
