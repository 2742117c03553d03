#include "io/pickle_allowlist.h"

#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace facellava::io {

// The only callables a state dict's pickle may name: containers, the tensor
// and parameter rebuild functions, storage types and LibTorch's own list /
// type-tag helpers. Everything else (posix.system, builtins.eval, any user
// class) is refused before the unpickler sees the file.
bool allowed_pickle_global(const std::string& module, const std::string& name) {
    static const std::set<std::string> kTorchStorages = {
        "FloatStorage",   "DoubleStorage",        "HalfStorage",         "BFloat16Storage",
        "LongStorage",    "IntStorage",           "ShortStorage",        "CharStorage",
        "ByteStorage",    "BoolStorage",          "ComplexFloatStorage", "ComplexDoubleStorage",
        "UntypedStorage", "Float8_e4m3fnStorage", "Float8_e5m2Storage"};
    static const std::set<std::string> kTorchUtils = {"_rebuild_tensor", "_rebuild_tensor_v2",
                                                      "_rebuild_parameter",
                                                      "_rebuild_parameter_with_state"};
    static const std::set<std::string> kJitPickle = {"restore_type_tag", "build_intlist",
                                                     "build_tensorlist", "build_doublelist",
                                                     "build_boollist",   "build_tensor_from_id"};
    if (module == "collections")
        return name == "OrderedDict";
    if (module == "torch")
        return kTorchStorages.count(name) > 0;
    if (module == "torch._utils")
        return kTorchUtils.count(name) > 0;
    if (module == "torch.jit._pickle")
        return kJitPickle.count(name) > 0;
    return false;
}

// Walks every opcode of a pickle (protocols 0-5) and refuses the ones that
// can call code outside the allow list: GLOBAL / STACK_GLOBAL naming anything
// else, INST, and the extension registry. Throws std::runtime_error.
void check_pickle_opcodes(const char* data, size_t size) {
    size_t at = 0;
    auto need = [&](size_t n) {
        if (size - at < n)
            throw std::runtime_error("the pickle ends in the middle of an opcode");
    };
    auto take = [&](size_t n) {
        need(n);
        std::string bytes(data + at, n);
        at += n;
        return bytes;
    };
    auto line = [&]() {
        const void* end = std::memchr(data + at, '\n', size - at);
        if (!end)
            throw std::runtime_error("the pickle ends in the middle of an opcode");
        const size_t n = size_t(static_cast<const char*>(end) - (data + at));
        std::string text(data + at, n);
        at += n + 1;
        return text;
    };
    auto uint_le = [&](size_t n) {
        need(n);
        uint64_t value = 0;
        for (size_t i = 0; i < n; ++i)
            value |= uint64_t(static_cast<unsigned char>(data[at + i])) << (8 * i);
        at += n;
        return value;
    };
    auto skip_counted = [&](size_t length_bytes) {
        const uint64_t n = uint_le(length_bytes);
        if (n > size - at)
            throw std::runtime_error("the pickle ends in the middle of a string");
        return take(size_t(n));
    };
    auto refuse = [](const std::string& what) {
        throw std::runtime_error("the pickle calls " + what +
                                 ", which a state dict never needs; refusing to load it");
    };
    // Strings pushed since the last other opcode: STACK_GLOBAL takes its
    // module and name from the two latest.
    std::vector<std::string> strings;
    while (at < size) {
        const unsigned char op = static_cast<unsigned char>(data[at++]);
        bool pushed_string = false;
        bool keeps_strings = false;  // memo ops do not change the stack top
        switch (op) {
            case '.':  // STOP
                return;
            case '(':
            case '0':
            case '1':
            case '2':
            case 'N':
            case 'Q':
            case 'R':
            case 'a':
            case 'b':
            case 'd':
            case '}':
            case 'e':
            case 'l':
            case ']':
            case 'o':
            case 's':
            case 't':
            case ')':
            case 'u':
            case 0x81:
            case 0x85:
            case 0x86:
            case 0x87:
            case 0x88:
            case 0x89:
            case 0x8f:
            case 0x90:
            case 0x91:
            case 0x92:
            case 0x97:
            case 0x98:
                break;
            case 0x94:  // MEMOIZE
                keeps_strings = true;
                break;
            case 'F':
            case 'I':
            case 'L':
            case 'P':
            case 'g':
                line();
                break;
            case 'p':  // PUT
                line();
                keeps_strings = true;
                break;
            case 'S':
            case 'V':
                strings.push_back(line());
                pushed_string = true;
                break;
            case 'J':
            case 'j':
                take(4);
                break;
            case 'K':
            case 'h':
            case 0x80:
            case 0x82:
                if (op == 0x82)
                    refuse("an extension-registry object (EXT1)");
                take(1);
                break;
            case 'q':  // BINPUT
                take(1);
                keeps_strings = true;
                break;
            case 'r':  // LONG_BINPUT
                take(4);
                keeps_strings = true;
                break;
            case 'M':
                take(2);
                break;
            case 'G':
            case 0x95:
                take(8);
                break;
            case 0x83:
            case 0x84:
                refuse("an extension-registry object (EXT2/EXT4)");
                break;
            case 'T':
            case 'X':
            case 'B':
                strings.push_back(skip_counted(4));
                pushed_string = true;
                break;
            case 'U':
            case 'C':
            case 0x8c:
                strings.push_back(skip_counted(1));
                pushed_string = true;
                break;
            case 0x8a:
                skip_counted(1);
                break;
            case 0x8b:
                skip_counted(4);
                break;
            case 0x8d:
            case 0x8e:
            case 0x96:
                skip_counted(8);
                break;
            case 'c': {  // GLOBAL module\nname\n
                const std::string module = line();
                const std::string name = line();
                if (!allowed_pickle_global(module, name))
                    refuse(module + "." + name);
                break;
            }
            case 'i': {  // INST module\nname\n: instantiates a class
                const std::string module = line();
                const std::string name = line();
                refuse(module + "." + name + " (INST)");
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                if (strings.size() < 2)
                    refuse("a global built at run time (STACK_GLOBAL)");
                const std::string& module = strings[strings.size() - 2];
                const std::string& name = strings.back();
                if (!allowed_pickle_global(module, name))
                    refuse(module + "." + name);
                break;
            }
            default: {
                char hex[8];
                std::snprintf(hex, sizeof(hex), "0x%02x", op);
                throw std::runtime_error(std::string("unknown pickle opcode ") + hex);
            }
        }
        if (!pushed_string && !keeps_strings)
            strings.clear();
    }
    throw std::runtime_error("the pickle has no STOP opcode (the file is truncated)");
}

}  // namespace facellava::io
