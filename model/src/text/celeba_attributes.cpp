// CelebA's 40 attributes and the phrases that speak of them. Words are
// singular (a plural "s" is always accepted); '|' separates alternatives and a
// trailing '?' marks an optional word (answer_text::Phrase).
#include "facellava/model/answer_parsers.h"
#include "text/answer_parsing.h"

namespace facellava::model {

const std::vector<std::string>& celeba_attribute_names() {
    static const std::vector<std::string> names = {
        "5_o_Clock_Shadow",
        "Arched_Eyebrows",
        "Attractive",
        "Bags_Under_Eyes",
        "Bald",
        "Bangs",
        "Big_Lips",
        "Big_Nose",
        "Black_Hair",
        "Blond_Hair",
        "Blurry",
        "Brown_Hair",
        "Bushy_Eyebrows",
        "Chubby",
        "Double_Chin",
        "Eyeglasses",
        "Goatee",
        "Gray_Hair",
        "Heavy_Makeup",
        "High_Cheekbones",
        "Male",
        "Mouth_Slightly_Open",
        "Mustache",
        "Narrow_Eyes",
        "No_Beard",
        "Oval_Face",
        "Pale_Skin",
        "Pointy_Nose",
        "Receding_Hairline",
        "Rosy_Cheeks",
        "Sideburns",
        "Smiling",
        "Straight_Hair",
        "Wavy_Hair",
        "Wearing_Earrings",
        "Wearing_Hat",
        "Wearing_Lipstick",
        "Wearing_Necklace",
        "Wearing_Necktie",
        "Young",
    };
    return names;
}

namespace answer_parsing {

const std::vector<AttributePhrase>& celeba_attribute_phrases() {
    constexpr bool kPresent = true;
    constexpr bool kAbsent = false;  // the mention says the attribute is absent
    static const std::vector<AttributePhrase> phrases = {
        {"5_o_Clock_Shadow", kPresent, "5|five o'clock shadow"},
        {"5_o_Clock_Shadow", kPresent, "stubble|stubbly|stubbled|unshaven"},
        {"Arched_Eyebrows", kPresent, "arched|arching|curved", "eyebrow|brow"},
        {"Attractive", kPresent, "attractive|beautiful|handsome|pretty|gorgeous|lovely|stunning"},
        {"Attractive", kPresent, "good looking"},
        {"Attractive", kAbsent, "unattractive"},
        {"Bags_Under_Eyes", kPresent, "bag under eye"},
        {"Bags_Under_Eyes", kPresent, "under? eye bag"},
        {"Bags_Under_Eyes", kPresent, "dark circle"},
        {"Bags_Under_Eyes", kPresent, "puffy|baggy", "eye|eyelid"},
        {"Bald", kPresent, "bald|balding|hairless"},
        {"Bald", kPresent, "shaved|shaven", "head"},
        {"Bangs", kPresent, "bang|fringe"},
        {"Big_Lips", kPresent, "big|full|thick|plump|large|fleshy|pouty", "lip"},
        {"Big_Nose", kPresent, "big|large|prominent|wide|broad|bulbous", "nose"},
        {"Black_Hair", kPresent, "black|jet|raven", "hair|haired"},
        {"Blond_Hair", kPresent, "blond|blonde"},
        {"Blond_Hair", kPresent, "platinum|golden|flaxen", "hair|haired"},
        {"Blurry", kPresent, "blurry|blurred|blur|unfocused|pixelated"},
        {"Blurry", kPresent, "out of focus"},
        {"Blurry", kPresent, "low|poor resolution"},
        {"Brown_Hair", kPresent, "brunette"},
        {"Brown_Hair", kPresent, "brown|chestnut", "hair|haired"},
        {"Bushy_Eyebrows", kPresent, "bushy|thick|heavy|full|dense", "eyebrow|brow"},
        {"Chubby", kPresent, "chubby|overweight|heavyset|stout|fat"},
        {"Double_Chin", kPresent, "double chin"},
        {"Eyeglasses", kPresent, "glasses|eyeglasses|spectacles|sunglasses|specs|eyewear|bifocals"},
        {"Goatee", kPresent, "goatee"},
        {"Gray_Hair", kPresent, "gray|grey|white|silver", "hair|haired"},
        {"Gray_Hair", kPresent, "graying|greying|grizzled"},
        {"Gray_Hair", kPresent, "salt and pepper"},
        {"Heavy_Makeup", kAbsent, "light|minimal|subtle|natural|little|slight", "makeup"},
        {"Heavy_Makeup", kPresent, "makeup|cosmetics"},
        {"Heavy_Makeup", kPresent, "heavy|heavily make|made up"},
        {"High_Cheekbones", kPresent,
         "high|prominent|pronounced|defined|sculpted|chiseled|chiselled", "cheekbone"},
        {"High_Cheekbones", kPresent, "high cheek bone"},
        {"Male", kPresent, "he|him|his|himself|man|men|male|boy|gentleman|gentlemen|guy|masculine"},
        {"Male", kAbsent, "she|her|hers|herself|woman|women|female|girl|lady|ladies|feminine"},
        {"Mouth_Slightly_Open", kPresent, "open|opened|parted|ajar|agape", "mouth|lip"},
        {"Mouth_Slightly_Open", kPresent, "mouth slightly? open|opened|agape|ajar"},
        {"Mouth_Slightly_Open", kPresent, "lip slightly? parted|apart"},
        {"Mustache", kPresent, "mustache|moustache|mustached|moustached"},
        {"Narrow_Eyes", kPresent, "narrow|narrowed|small|slitted", "eye"},
        {"Narrow_Eyes", kPresent, "squinting|squint"},
        {"No_Beard", kPresent, "beardless|cleanshaven"},
        {"No_Beard", kPresent, "clean shaven|shaved"},
        {"No_Beard", kAbsent, "beard|bearded|goatee"},
        {"No_Beard", kAbsent, "facial hair"},
        {"Oval_Face", kPresent, "oval"},
        {"Pale_Skin", kPresent, "pale|fair|light|porcelain|pallid", "skin|complexion|skinned"},
        {"Pointy_Nose", kPresent, "pointy|pointed|sharp", "nose"},
        {"Receding_Hairline", kPresent, "receding", "hairline|hair"},
        {"Rosy_Cheeks", kPresent, "rosy|blushing|blush"},
        {"Rosy_Cheeks", kPresent, "flushed|red|pink|ruddy|reddish", "cheek"},
        {"Sideburns", kPresent, "sideburn"},
        {"Smiling", kPresent, "smiling|smile|grin|grinning|beaming|laughing"},
        {"Straight_Hair", kPresent, "straight|sleek", "hair|haired"},
        {"Wavy_Hair", kPresent, "wavy|curly|curl|ringlet"},
        {"Wearing_Earrings", kPresent, "earring"},
        {"Wearing_Hat", kPresent, "hat|cap|beanie|fedora|beret|headwear|helmet"},
        {"Wearing_Lipstick", kPresent, "lipstick"},
        {"Wearing_Lipstick", kPresent, "lip gloss|color|colour"},
        {"Wearing_Necklace", kPresent, "necklace|choker|pendant"},
        {"Wearing_Necktie", kPresent, "necktie|tie|bowtie"},
        {"Young", kPresent,
         "young|youthful|teen|teenage|teenager|adolescent|child|kid|youngster|boy|girl"},
        {"Young", kAbsent, "elderly|senior|older"},
        {"Young", kAbsent, "middle aged"},
    };
    return phrases;
}

const char* attribute_modifiers() {
    return "slightly|very|quite|rather|somewhat|fairly|naturally|long|short|medium|length|"
           "shoulder|thick|thin|dark|light|neatly|well|shaped|soft|sandy|messy|neat|tidy|styled|"
           "wavy|curly|straight";
}

}  // namespace answer_parsing
}  // namespace facellava::model
