#include "io/torch_pickle.h"

#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_map>

#include "facellava/core/error.h"
#include "io/pickle_allowlist.h"

namespace facellava::io {
namespace {

const char* const kResave = "save model.state_dict() with torch.save, or convert it to safetensors";

[[noreturn]] void refuse(const std::string& why, const std::string& hint = kResave) {
    throw Error(why, "", hint);
}

// Everything the interpreter builds. Objects live in an arena owned by the
// interpreter and refer to each other by raw pointer, so cycles made through
// the memo and very deep nesting cost nothing to tear down.
struct Obj {
    enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    int64_t i = 0;                         // Bool, Int; Storage: numel
    double f = 0;                          // Float
    std::string s;                         // Str; Global: "module.name"; Storage: record key
    std::vector<Obj*> items;               // Tuple, List; Dict: key, value, key, value, ...
    torch::Dtype dtype = torch::kFloat32;  // Storage
    TorchArchiveEntry tensor;              // Tensor (name empty)
};

const char* kind_name(Obj::Kind kind) {
    static const char* const names[] = {"None", "bool", "int",    "float",   "str",   "tuple",
                                        "list", "dict", "global", "storage", "tensor"};
    return names[int(kind)];
}

// The storage types a persistent id may name, with their element types.
bool storage_dtype(const std::string& name, torch::Dtype& dtype) {
    static const std::map<std::string, torch::Dtype> kTypes = {
        {"torch.FloatStorage", torch::kFloat32},
        {"torch.DoubleStorage", torch::kFloat64},
        {"torch.HalfStorage", torch::kFloat16},
        {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kInt64},
        {"torch.IntStorage", torch::kInt32},
        {"torch.ShortStorage", torch::kInt16},
        {"torch.CharStorage", torch::kInt8},
        {"torch.ByteStorage", torch::kUInt8},
        {"torch.BoolStorage", torch::kBool},
        {"torch.ComplexFloatStorage", torch::kComplexFloat},
        {"torch.ComplexDoubleStorage", torch::kComplexDouble}};
    const auto it = kTypes.find(name);
    if (it == kTypes.end())
        return false;
    dtype = it->second;
    return true;
}

class Interpreter {
  public:
    Interpreter(const char* data, size_t size) : data_(data), size_(size) {}

    Obj* run() {
        while (at_ < size_) {
            const unsigned char op = static_cast<unsigned char>(data_[at_++]);
            if (op == '.')
                return pop();
            step(op);
        }
        refuse("the pickle has no STOP opcode (the file is truncated)");
    }

  private:
    // ---- reading the opcode stream --------------------------------------
    uint64_t uint_le(size_t n) {
        if (size_ - at_ < n)
            refuse("the pickle ends in the middle of an opcode");
        uint64_t value = 0;
        for (size_t k = 0; k < n; ++k)
            value |= uint64_t(static_cast<unsigned char>(data_[at_ + k])) << (8 * k);
        at_ += n;
        return value;
    }
    std::string bytes(uint64_t n) {
        if (n > size_ - at_)
            refuse("the pickle ends in the middle of a string");
        std::string text(data_ + at_, size_t(n));
        at_ += size_t(n);
        return text;
    }
    std::string line() {
        const void* end = std::memchr(data_ + at_, '\n', size_ - at_);
        if (!end)
            refuse("the pickle ends in the middle of an opcode");
        const size_t n = size_t(static_cast<const char*>(end) - (data_ + at_));
        std::string text(data_ + at_, n);
        at_ += n + 1;
        return text;
    }

    // ---- objects and the stack ------------------------------------------
    Obj* make(Obj::Kind kind) {
        arena_.emplace_back();
        arena_.back().kind = kind;
        return &arena_.back();
    }
    Obj* make_int(int64_t value, Obj::Kind kind = Obj::Kind::Int) {
        Obj* o = make(kind);
        o->i = value;
        return o;
    }
    Obj* make_str(std::string text) {
        Obj* o = make(Obj::Kind::Str);
        o->s = std::move(text);
        return o;
    }
    void push(Obj* o) { stack_.push_back(o); }
    Obj* pop() {
        if (stack_.size() <= floor())
            refuse("the pickle pops from an empty stack");
        Obj* o = stack_.back();
        stack_.pop_back();
        return o;
    }
    Obj* top() {
        if (stack_.size() <= floor())
            refuse("the pickle reads an empty stack");
        return stack_.back();
    }
    size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    std::vector<Obj*> pop_mark() {
        if (marks_.empty())
            refuse("the pickle has no MARK where one is needed");
        const size_t mark = marks_.back();
        marks_.pop_back();
        std::vector<Obj*> items(stack_.begin() + std::ptrdiff_t(mark), stack_.end());
        stack_.resize(mark);
        return items;
    }
    Obj* tuple(std::vector<Obj*> items) {
        Obj* o = make(Obj::Kind::Tuple);
        o->items = std::move(items);
        return o;
    }
    static void expect(const Obj* o, Obj::Kind kind, const char* what) {
        if (o->kind != kind)
            refuse(std::string(what) + " is a " + kind_name(o->kind) + ", not a " +
                   kind_name(kind));
    }
    // Python dict semantics for the keys a state dict uses: a repeated str or
    // int key replaces the value in place.
    static void set_item(Obj* dict, Obj* key, Obj* value) {
        expect(dict, Obj::Kind::Dict, "the target of SETITEM");
        if (key->kind != Obj::Kind::Str && key->kind != Obj::Kind::Int)
            refuse(std::string("a dict key is a ") + kind_name(key->kind));
        for (size_t k = 0; k < dict->items.size(); k += 2) {
            const Obj* old = dict->items[k];
            if (old->kind == key->kind && old->s == key->s && old->i == key->i) {
                dict->items[k + 1] = value;
                return;
            }
        }
        dict->items.push_back(key);
        dict->items.push_back(value);
    }
    void memo_put(uint64_t index) {
        if (memo_.size() > 100'000'000)
            refuse("the pickle's memo is too large");
        memo_[index] = top();
    }
    Obj* memo_get(uint64_t index) {
        const auto it = memo_.find(index);
        if (it == memo_.end())
            refuse("the pickle reads memo entry " + std::to_string(index) +
                   ", which was never stored");
        return it->second;
    }
    Obj* global(const std::string& module, const std::string& name) {
        if (!allowed_pickle_global(module, name))
            refuse("the pickle calls " + module + "." + name +
                   ", which a state dict never needs; refusing to load it");
        Obj* o = make(Obj::Kind::Global);
        o->s = module + "." + name;
        return o;
    }

    void step(unsigned char op);
    Obj* call(const Obj* callable, const Obj* args);
    Obj* persistent_load(const Obj* pid);
    Obj* rebuild_tensor(const std::vector<Obj*>& args);

    const char* data_;
    size_t size_;
    size_t at_ = 0;
    std::deque<Obj> arena_;
    std::vector<Obj*> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, Obj*> memo_;
    std::map<std::string, const Obj*> storages_;  // key → first persistent id seen
};

void Interpreter::step(unsigned char op) {
    switch (op) {
        case 0x80:  // PROTO
            if (uint_le(1) > 5)
                refuse("the pickle protocol is newer than 5");
            return;
        case 0x95:  // FRAME: a length hint only
            uint_le(8);
            return;
        case '(':
            marks_.push_back(stack_.size());
            return;
        case '0':  // POP
            pop();
            return;
        case '1':  // POP_MARK
            pop_mark();
            return;
        case '2':  // DUP
            push(top());
            return;
        case 'N':
            push(make(Obj::Kind::None));
            return;
        case 0x88:
        case 0x89:  // NEWTRUE / NEWFALSE
            push(make_int(op == 0x88, Obj::Kind::Bool));
            return;
        case 'J':
            push(make_int(int32_t(uint32_t(uint_le(4)))));
            return;
        case 'K':
            push(make_int(int64_t(uint_le(1))));
            return;
        case 'M':
            push(make_int(int64_t(uint_le(2))));
            return;
        case 0x8a: {  // LONG1: n-byte two's complement
            const uint64_t n = uint_le(1);
            if (n > 8)
                refuse("the pickle holds an integer wider than 64 bits");
            uint64_t value = n ? uint_le(size_t(n)) : 0;
            if (n > 0 && n < 8 && (value >> (8 * n - 1)) & 1)
                value |= ~uint64_t(0) << (8 * n);  // sign-extend
            push(make_int(int64_t(value)));
            return;
        }
        case 'G': {  // BINFLOAT: big-endian double
            uint64_t bits = 0;
            const uint64_t le_bits = uint_le(8);
            for (int k = 0; k < 8; ++k)
                bits |= ((le_bits >> (8 * k)) & 0xFF) << (8 * (7 - k));
            Obj* o = make(Obj::Kind::Float);
            std::memcpy(&o->f, &bits, sizeof bits);
            push(o);
            return;
        }
        case 'X':
        case 'T':
        case 'B':  // BINUNICODE / BINSTRING / BINBYTES: 4-byte length
            push(make_str(bytes(uint_le(4))));
            return;
        case 0x8c:
        case 'U':
        case 'C':  // SHORT_BINUNICODE / SHORT_BINSTRING / SHORT_BINBYTES
            push(make_str(bytes(uint_le(1))));
            return;
        case 0x8d:
        case 0x8e:  // BINUNICODE8 / BINBYTES8
            push(make_str(bytes(uint_le(8))));
            return;
        case ')':
            push(tuple({}));
            return;
        case 't':
            push(tuple(pop_mark()));
            return;
        case 0x85:
        case 0x86:
        case 0x87: {  // TUPLE1..3
            std::vector<Obj*> items(size_t(op - 0x84));
            for (size_t k = items.size(); k-- > 0;)
                items[k] = pop();
            push(tuple(std::move(items)));
            return;
        }
        case ']':
            push(make(Obj::Kind::List));
            return;
        case 'l': {
            Obj* list = make(Obj::Kind::List);
            list->items = pop_mark();
            push(list);
            return;
        }
        case 'a': {
            Obj* value = pop();
            Obj* list = top();
            expect(list, Obj::Kind::List, "the target of APPEND");
            list->items.push_back(value);
            return;
        }
        case 'e': {
            std::vector<Obj*> values = pop_mark();
            Obj* list = top();
            expect(list, Obj::Kind::List, "the target of APPENDS");
            list->items.insert(list->items.end(), values.begin(), values.end());
            return;
        }
        case '}':
            push(make(Obj::Kind::Dict));
            return;
        case 'd': {
            const std::vector<Obj*> items = pop_mark();
            if (items.size() % 2)
                refuse("a DICT opcode has an odd number of items");
            Obj* dict = make(Obj::Kind::Dict);
            for (size_t k = 0; k < items.size(); k += 2)
                set_item(dict, items[k], items[k + 1]);
            push(dict);
            return;
        }
        case 's': {
            Obj* value = pop();
            Obj* key = pop();
            set_item(top(), key, value);
            return;
        }
        case 'u': {
            const std::vector<Obj*> items = pop_mark();
            if (items.size() % 2)
                refuse("a SETITEMS opcode has an odd number of items");
            Obj* dict = top();
            for (size_t k = 0; k < items.size(); k += 2)
                set_item(dict, items[k], items[k + 1]);
            return;
        }
        case 'q':
            memo_put(uint_le(1));
            return;
        case 'r':
            memo_put(uint_le(4));
            return;
        case 0x94:  // MEMOIZE
            memo_put(memo_.size());
            return;
        case 'h':
            push(memo_get(uint_le(1)));
            return;
        case 'j':
            push(memo_get(uint_le(4)));
            return;
        case 'c': {
            const std::string module = line();
            const std::string name = line();
            push(global(module, name));
            return;
        }
        case 0x93: {  // STACK_GLOBAL
            Obj* name = pop();
            Obj* module = pop();
            expect(name, Obj::Kind::Str, "STACK_GLOBAL's name");
            expect(module, Obj::Kind::Str, "STACK_GLOBAL's module");
            push(global(module->s, name->s));
            return;
        }
        case 'R': {
            Obj* args = pop();
            Obj* callable = pop();
            push(call(callable, args));
            return;
        }
        case 'Q':
            push(persistent_load(pop()));
            return;
        case 'b': {  // BUILD: only OrderedDict's attributes (state_dict()._metadata)
            Obj* state = pop();
            const Obj* target = top();
            if (target->kind != Obj::Kind::Dict ||
                (state->kind != Obj::Kind::Dict && state->kind != Obj::Kind::None))
                refuse(std::string("the pickle sets attributes of a ") + kind_name(target->kind) +
                       ", which a state dict never does");
            return;
        }
        default: {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "0x%02x", op);
            refuse(std::string("the pickle uses opcode ") + hex +
                   ", which torch.save never writes for a state dict");
        }
    }
}

// ('storage', torch.<Type>Storage, key, location, numel)
Obj* Interpreter::persistent_load(const Obj* pid) {
    if (pid->kind != Obj::Kind::Tuple || pid->items.size() != 5 ||
        pid->items[0]->kind != Obj::Kind::Str || pid->items[0]->s != "storage")
        refuse("a persistent id is not ('storage', type, key, location, numel)");
    const Obj* type = pid->items[1];
    const Obj* key = pid->items[2];
    const Obj* numel = pid->items[4];
    expect(type, Obj::Kind::Global, "a storage's type");
    expect(key, Obj::Kind::Str, "a storage's key");
    expect(pid->items[3], Obj::Kind::Str, "a storage's location");
    expect(numel, Obj::Kind::Int, "a storage's size");
    Obj* storage = make(Obj::Kind::Storage);
    if (!storage_dtype(type->s, storage->dtype))
        refuse("storage type " + type->s + " is not supported",
               "convert the checkpoint to float32, float16 or bfloat16");
    if (numel->i < 0)
        refuse("storage " + key->s + " has a negative size");
    if (key->s.empty() || key->s.find('/') != std::string::npos ||
        key->s.find("..") != std::string::npos)
        refuse("storage key '" + key->s + "' is not a plain record name");
    storage->s = key->s;
    storage->i = numel->i;
    const auto [it, fresh] = storages_.emplace(key->s, storage);
    if (!fresh && (it->second->dtype != storage->dtype || it->second->i != storage->i))
        refuse("storage " + key->s + " is declared twice with different types or sizes");
    return storage;
}

Obj* Interpreter::call(const Obj* callable, const Obj* args) {
    expect(callable, Obj::Kind::Global, "the callee of REDUCE");
    expect(args, Obj::Kind::Tuple, "REDUCE's arguments");
    const std::string& f = callable->s;
    const std::vector<Obj*>& a = args->items;
    if (f == "collections.OrderedDict") {
        if (!a.empty())
            refuse("OrderedDict is built with arguments");
        return make(Obj::Kind::Dict);
    }
    if (f == "torch._utils._rebuild_tensor_v2" || f == "torch._utils._rebuild_tensor")
        return rebuild_tensor(a);
    if (f == "torch._utils._rebuild_parameter" ||
        f == "torch._utils._rebuild_parameter_with_state") {
        // (data, requires_grad, backward_hooks[, state]): the data is the tensor.
        if (a.size() < 3 || a.size() > 4)
            refuse(f + " has " + std::to_string(a.size()) + " arguments");
        expect(a[0], Obj::Kind::Tensor, "a parameter's data");
        return a[0];
    }
    if (f == "torch.jit._pickle.restore_type_tag") {  // LibTorch's (value, type name)
        if (a.size() != 2)
            refuse("restore_type_tag has " + std::to_string(a.size()) + " arguments");
        return a[0];
    }
    if (f == "torch.jit._pickle.build_intlist" || f == "torch.jit._pickle.build_doublelist" ||
        f == "torch.jit._pickle.build_boollist" || f == "torch.jit._pickle.build_tensorlist") {
        if (a.size() != 1 || a[0]->kind != Obj::Kind::List)
            refuse(f + " is not given one list");
        return a[0];
    }
    refuse("the pickle calls " + f + " in a way a state dict never does");
}

// (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])
Obj* Interpreter::rebuild_tensor(const std::vector<Obj*>& a) {
    if (a.size() != 4 && a.size() != 6 && a.size() != 7)
        refuse("a tensor is rebuilt with " + std::to_string(a.size()) + " arguments");
    const Obj* storage = a[0];
    expect(storage, Obj::Kind::Storage, "a tensor's storage");
    expect(a[1], Obj::Kind::Int, "a tensor's storage offset");
    expect(a[2], Obj::Kind::Tuple, "a tensor's size");
    expect(a[3], Obj::Kind::Tuple, "a tensor's stride");
    if (a.size() >= 6)
        expect(a[4], Obj::Kind::Bool, "a tensor's requires_grad");
    // metadata holds the conjugate/negative bits, only when one is set: the
    // stored values are then not the tensor's values.
    if (a.size() == 7 && a[6]->kind != Obj::Kind::None &&
        !(a[6]->kind == Obj::Kind::Dict && a[6]->items.empty()))
        refuse("a tensor has its conjugate or negative bit set",
               "call .resolve_conj().resolve_neg() before saving");
    Obj* o = make(Obj::Kind::Tensor);
    TorchArchiveEntry& t = o->tensor;
    t.dtype = storage->dtype;
    t.storage_key = storage->s;
    t.storage_numel = storage->i;
    t.storage_offset = a[1]->i;
    if (a[2]->items.size() != a[3]->items.size() || a[2]->items.size() > 64)
        refuse("a tensor's size and stride disagree or have over 64 dimensions");
    for (size_t d = 0; d < a[2]->items.size(); ++d) {
        expect(a[2]->items[d], Obj::Kind::Int, "a tensor's size");
        expect(a[3]->items[d], Obj::Kind::Int, "a tensor's stride");
        t.shape.push_back(a[2]->items[d]->i);
        t.stride.push_back(a[3]->items[d]->i);
    }
    return o;
}

// The view must lie inside its storage: offset + Σ (size-1)·stride < numel,
// with no negative size, stride or offset and no 64-bit overflow.
void check_view(const TorchArchiveEntry& t) {
    const std::string where = "tensor '" + t.name + "' (storage " + t.storage_key + ")";
    if (t.storage_offset < 0)
        refuse(where + " has a negative storage offset");
    int64_t numel = 1, last = t.storage_offset;
    for (size_t d = 0; d < t.shape.size(); ++d) {
        if (t.shape[d] < 0 || t.stride[d] < 0)
            refuse(where + " has a negative size or stride");
        if (__builtin_mul_overflow(numel, t.shape[d], &numel))
            refuse(where + " has more elements than fit in 64 bits");
    }
    if (numel == 0) {
        if (t.storage_offset > t.storage_numel)
            refuse(where + " starts past the end of its storage");
        return;
    }
    for (size_t d = 0; d < t.shape.size(); ++d) {
        int64_t span = 0;
        if (__builtin_mul_overflow(t.shape[d] - 1, t.stride[d], &span) ||
            __builtin_add_overflow(last, span, &last))
            refuse(where + " reaches past 64-bit offsets");
    }
    if (last >= t.storage_numel)
        refuse(where + " reaches element " + std::to_string(last) +
               ", past the end of its storage (" + std::to_string(t.storage_numel) + " elements)");
}

}  // namespace

std::vector<TorchArchiveEntry> read_state_dict_pickle(const char* data, size_t size) {
    Interpreter interpreter(data, size);
    const Obj* root = interpreter.run();
    if (root->kind != Obj::Kind::Dict)
        refuse(std::string("the checkpoint holds a ") + kind_name(root->kind) +
                   ", not a state dict (name → tensor)",
               "save model.state_dict(), not the whole model");
    std::vector<TorchArchiveEntry> entries;
    for (size_t k = 0; k < root->items.size(); k += 2) {
        const Obj* key = root->items[k];
        const Obj* value = root->items[k + 1];
        if (key->kind != Obj::Kind::Str)
            refuse("a state dict key is a " + std::string(kind_name(key->kind)) + ", not a name",
                   "save model.state_dict() only");
        if (value->kind == Obj::Kind::Dict)
            refuse("entry '" + key->s + "' is a nested dict (a training checkpoint?), not a tensor",
                   "save model.state_dict() on its own, e.g. torch.save(ckpt['" + key->s +
                       "'], path)");
        if (value->kind != Obj::Kind::Tensor)
            refuse("entry '" + key->s + "' is a " + kind_name(value->kind) + ", not a tensor",
                   "save model.state_dict() only");
        entries.push_back(value->tensor);
        entries.back().name = key->s;
        check_view(entries.back());
    }
    return entries;
}

}  // namespace facellava::io
