// The command-line parser's conventions (docs/USER_GUIDE.md "Command-line
// conventions"): hidden aliases of renamed options, short options, hidden
// options, --json[=FILE], the exit codes in --help, and the bash completion
// written from the same declarations. Expectations are the conventions as
// the guide states them, written out here, not the parser's own output.
#include <gtest/gtest.h>

#include <stdexcept>

#include "cli_args.h"
#include "completion.h"

namespace facellava::cli {
namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A command shaped like `batch`: a renamed option, short forms, a hidden one.
CommandSpec batch_like() {
    CommandSpec spec("batch", "Analyse a folder.");
    spec.positional({"DIR", "Folder."});
    spec.option({"output", "OUT", "Output folder."});
    spec.short_name("output", 'o');
    spec.option({"jobs", "N", "Inputs at once.", "0"});
    spec.alias("jobs", "threads");
    spec.short_name("jobs", 'j');
    spec.option({"quiet", "", "Quiet."});
    spec.short_name("quiet", 'q');
    OptionSpec secret{"debug-dump", "FILE", "Internal."};
    secret.hidden = true;
    spec.option(secret);
    OptionSpec json{"json", "FILE", "JSON."};
    json.optional_value = true;
    spec.option(json);
    return spec;
}

TEST(CliArgs, OldNameIsAcceptedAndReadUnderEitherName) {
    const ParsedArgs args = batch_like().parse({"in", "--threads", "4"});
    EXPECT_TRUE(args.has("jobs"));
    EXPECT_EQ(args.int_value("jobs"), 4);
    EXPECT_EQ(args.int_value("threads"), 4);  // code that still asks by the old name
    EXPECT_EQ(args.positionals(), std::vector<std::string>{"in"});
}

TEST(CliArgs, OldAndNewNameTogetherAreOneOptionGivenTwice) {
    EXPECT_THROW(batch_like().parse({"in", "--threads", "4", "--jobs=2"}), UsageError);
}

TEST(CliArgs, DefaultReachesTheOldNameToo) {
    const ParsedArgs args = batch_like().parse({"in"});
    EXPECT_FALSE(args.has("threads"));
    EXPECT_EQ(args.value("threads"), "0");
}

TEST(CliArgs, ShortOptionsTakeTheNextWordOrTheRestOfTheWord) {
    const ParsedArgs args = batch_like().parse({"-o", "out dir", "in", "-j8", "-q"});
    EXPECT_EQ(args.value("output"), "out dir");
    EXPECT_EQ(args.int_value("jobs"), 8);
    EXPECT_TRUE(args.flag("quiet"));
    EXPECT_EQ(args.positionals(), std::vector<std::string>{"in"});
}

TEST(CliArgs, ShortFlagTakesNoValueAndUnknownLettersAreRefused) {
    EXPECT_THROW(batch_like().parse({"in", "-qx"}), UsageError);
    EXPECT_THROW(batch_like().parse({"in", "-z"}), UsageError);
    EXPECT_THROW(batch_like().parse({"in", "-o"}), UsageError);  // no value left
}

TEST(CliArgs, DashAndNegativeNumbersStayArguments) {
    EXPECT_EQ(batch_like().parse({"-"}).positionals(), std::vector<std::string>{"-"});
    EXPECT_EQ(batch_like().parse({"-5"}).positionals(), std::vector<std::string>{"-5"});
    EXPECT_EQ(batch_like().parse({"--", "-o"}).positionals(), std::vector<std::string>{"-o"});
}

TEST(CliArgs, HiddenOptionWorksButIsNotShown) {
    const CommandSpec spec = batch_like();
    EXPECT_EQ(spec.parse({"in", "--debug-dump", "x"}).value("debug-dump"), "x");
    const std::string help = spec.help();
    EXPECT_FALSE(contains(help, "debug-dump")) << help;
    EXPECT_FALSE(contains(help, "--threads")) << help;  // aliases are not advertised
}

TEST(CliArgs, HelpShowsShortFormsOptionalValuesAndEveryExitCode) {
    const std::string help = batch_like().help();
    EXPECT_TRUE(contains(help, "-o, --output OUT")) << help;
    EXPECT_TRUE(contains(help, "-j, --jobs N")) << help;
    EXPECT_TRUE(contains(help, "--json[=FILE]")) << help;
    EXPECT_TRUE(contains(help, "-h, --help")) << help;
    for (const char* code :
         {"0 success", "1 failure", "2 bad command line", "3 finished", "130 stopped by Ctrl-C"})
        EXPECT_TRUE(contains(help, code)) << code << "\n" << help;
    EXPECT_EQ(int(kExitPartial), 3);
    EXPECT_EQ(int(kExitInterrupted), 128 + 2);  // the shells' code for SIGINT
}

TEST(CliArgs, JsonAloneOrWithAFileAfterAnEqualsSign) {
    const CommandSpec spec = batch_like();
    const ParsedArgs alone = spec.parse({"in", "--json"});
    EXPECT_TRUE(alone.has("json"));
    EXPECT_EQ(alone.value("json"), "");
    EXPECT_EQ(spec.parse({"in", "--json=r.json"}).value("json"), "r.json");
    // With positionals declared, the next word is an argument, never the FILE.
    const ParsedArgs next = spec.parse({"--json", "in"});
    EXPECT_EQ(next.value("json"), "");
    EXPECT_EQ(next.positionals(), std::vector<std::string>{"in"});
}

TEST(CliArgs, JsonTakesTheNextWordWhereNoArgumentCouldBeMeant) {
    CommandSpec spec("eval", "Score.");
    OptionSpec json{"json", "FILE", "JSON."};
    json.optional_value = true;
    spec.option(json);
    spec.option({"quiet", "", "Quiet."});
    EXPECT_EQ(spec.parse({"--json", "m.json"}).value("json"), "m.json");
    const ParsedArgs flag_next = spec.parse({"--json", "--quiet"});
    EXPECT_EQ(flag_next.value("json"), "");
    EXPECT_TRUE(flag_next.flag("quiet"));
}

TEST(CliArgs, RenameKeepsTheOldName) {
    CommandSpec spec("train", "Train.");
    spec.option({"output-dir", "DIR", "Where."});
    spec.rename("output-dir", "output").short_name("output", 'o');
    EXPECT_EQ(spec.parse({"--output-dir", "a"}).value("output"), "a");
    EXPECT_EQ(spec.parse({"-o", "b"}).value("output-dir"), "b");
    EXPECT_TRUE(contains(spec.help(), "-o, --output DIR"));
    EXPECT_FALSE(contains(spec.help(), "output-dir"));
}

TEST(CliArgs, AdjustingAnUndeclaredOptionIsAProgrammingError) {
    CommandSpec spec("x", "X.");
    EXPECT_THROW(spec.alias("nope", "old"), std::logic_error);
    EXPECT_THROW(spec.short_name("nope", 'n'), std::logic_error);
}

TEST(CliCompletion, ScriptListsCommandsAndVisibleOptionsOnly) {
    const CommandSpec batch = batch_like();
    CommandSpec chat("chat", "Ask.");
    chat.option({"system-prompt", "TEXT", "System prompt."});
    chat.alias("system-prompt", "system");
    const std::string script = bash_completion_script({&batch, &chat});
    EXPECT_TRUE(contains(script, "complete -o bashdefault -o default -F _facellava facellava"));
    EXPECT_TRUE(contains(script, "batch chat ")) << script;
    EXPECT_TRUE(contains(script, "--output -o")) << script;
    EXPECT_TRUE(contains(script, "--system-prompt")) << script;
    EXPECT_FALSE(contains(script, "--system ")) << script;
    EXPECT_FALSE(contains(script, "--threads")) << script;
    EXPECT_FALSE(contains(script, "debug-dump")) << script;
}

}  // namespace
}  // namespace facellava::cli
