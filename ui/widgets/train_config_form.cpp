#include "widgets/train_config_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "facellava/core/error.h"

namespace facellava::ui {
namespace {

using Json = nlohmann::json;
using training::ConfigFieldInfo;

// What the trainer's table cannot say. Labels are translated; everything
// else follows the field's type.
struct Hint {
    const char* label = nullptr;  // marked with QT_TRANSLATE_NOOP in TrainConfigForm's context
    QStringList choices;          // a text field with these values only
    QStringList choice_labels;    // what the list shows for each (translated); empty: the values
    bool editable = false;        // choices plus anything typed (devices)
    int minimum = 0;              // integers
    bool folder = false;          // a path chosen with a folder picker
    bool spin = true;             // an integer as a spin box (false: a text field)
    bool unsigned_value = false;  // a 64-bit unsigned integer (the seed)
};

Hint plain(const char* label) {
    Hint h;
    h.label = label;
    return h;
}

Hint with_choices(const char* label, QStringList choices, bool editable = false) {
    Hint h = plain(label);
    h.choices = std::move(choices);
    h.editable = editable;
    return h;
}

Hint labelled_choices(const char* label, QStringList choices, QStringList labels) {
    Hint h = with_choices(label, std::move(choices));
    h.choice_labels = std::move(labels);
    return h;
}

Hint folder(const char* label) {
    Hint h = plain(label);
    h.folder = true;
    return h;
}

Hint at_least(const char* label, int minimum) {
    Hint h = plain(label);
    h.minimum = minimum;
    return h;
}

Hint hint_for(const std::string& key) {
    static const std::map<std::string, Hint> hints = [] {
        std::map<std::string, Hint> h;
        h["model.checkpoint"] =
            folder(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Base checkpoint"));
        h["model.device"] =
            with_choices(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Device"),
                         {"auto", "cpu", "cuda", "cuda:0", "cuda:1"}, true);
        h["model.precision"] = labelled_choices(
            QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Precision"),
            {"auto", "fp32", "bf16"},
            {QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm",
                               "auto (bf16 on CUDA, fp32 on CPU)"),
             "fp32", QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "bf16 (CUDA)")});
        h["stage"] = labelled_choices(
            QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Stage"),
            {"landmarks", "full", "lora"},
            {QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm",
                               "Stage 1: landmark projectors + FRGCA"),
             QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm",
                               "Stage 2: language model + projectors"),
             QT_TRANSLATE_NOOP(
                 "facellava::ui::TrainConfigForm",
                 "Stage 2 with LoRA on the language model (instead of all its weights)")});
        h["data.train_files"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Training files"));
        h["data.eval_files"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Held-out files"));
        h["data.eval_fraction"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Held-out share"));
        h["data.image_root"] =
            folder(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Image folder"));
        h["data.video_root"] =
            folder(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Video folder"));
        h["data.on_bad_sample"] = labelled_choices(
            QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Bad samples"), {"skip", "fail"},
            {QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "skip them (reported)"),
             QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "stop the run")});
        h["data.check_media"] = plain(QT_TRANSLATE_NOOP(
            "facellava::ui::TrainConfigForm", "Check that every media and landmark file exists"));
        h["lora.rank"] = at_least(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Rank"), 1);
        h["lora.alpha"] = plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Alpha"));
        h["lora.dropout"] = plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Dropout"));
        h["lora.target_modules"] = with_choices(
            QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Layers"),
            {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"});
        h["optim.learning_rate"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Learning rate"));
        h["optim.schedule"] =
            with_choices(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Schedule"),
                         {"cosine", "linear", "constant"});
        h["optim.warmup_ratio"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Warmup share"));
        h["optim.warmup_steps"] =
            at_least(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Warmup steps"), -1);
        h["optim.weight_decay"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Weight decay"));
        h["optim.epochs"] =
            at_least(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Epochs"), 1);
        h["optim.max_steps"] = plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Steps"));
        h["optim.batch_size"] =
            at_least(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Batch size"), 1);
        h["optim.grad_accumulation"] = at_least(
            QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Gradient accumulation"), 1);
        h["checkpoint.output_dir"] =
            folder(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Output folder"));
        h["checkpoint.save_every"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Checkpoint every N steps"));
        h["checkpoint.keep_last"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Checkpoints kept"));
        h["checkpoint.save_final_model"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm",
                                    "Write a model the chat can load (final/, LoRA merged)"));
        h["eval.every"] =
            plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Evaluate every N steps"));
        h["eval.max_samples"] = plain(
            QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Held-out samples per evaluation"));
        h["seed"] = plain(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Seed"));
        h["seed"].spin = false;  // 64 bits: more than a spin box holds
        h["seed"].unsigned_value = true;
        h["nproc"] =
            at_least(QT_TRANSLATE_NOOP("facellava::ui::TrainConfigForm", "Processes / GPUs"), 1);
        h["dist_backend"] = with_choices(nullptr, {"auto", "gloo", "nccl"});
        return h;
    }();
    const auto it = hints.find(key);
    return it == hints.end() ? Hint{} : it->second;
}

// The dialog owns these (the resume list offers the folder's checkpoints).
bool left_to_dialog(const std::string& key) {
    return key == "checkpoint.resume_from";
}

TrainConfigForm::Section section_of(const std::string& key) {
    if (key.rfind("data.", 0) == 0)
        return TrainConfigForm::Section::Data;
    if (key.rfind("checkpoint.", 0) == 0 || key.rfind("eval.", 0) == 0)
        return TrainConfigForm::Section::Output;
    return TrainConfigForm::Section::Training;
}

// The group box of a field inside its page: its key's first part.
std::string group_of(const std::string& key) {
    if (key == "stage")
        return "model";
    const auto dot = key.find('.');
    return dot == std::string::npos ? std::string() : key.substr(0, dot);
}

QString group_title(const std::string& group) {
    if (group == "model")
        return TrainConfigForm::tr("Model");
    if (group == "lora")
        return TrainConfigForm::tr("LoRA on the language model (stage lora)");
    if (group == "optim")
        return TrainConfigForm::tr("Optimisation");
    if (group == "checkpoint")
        return TrainConfigForm::tr("Checkpoints");
    if (group == "eval")
        return TrainConfigForm::tr("Evaluation");
    if (group == "data")
        return TrainConfigForm::tr("Data");
    return TrainConfigForm::tr("Run and processes");
}

// "learning-rate" → "LearningRate".
QString camel(const std::string& flag) {
    QString out;
    bool upper = true;
    for (const char ch : flag) {
        if (ch == '-' || ch == '_') {
            upper = true;
            continue;
        }
        out += upper ? QChar(ch).toUpper() : QChar(ch);
        upper = false;
    }
    return out;
}

// "learning-rate" → "Learning rate": the label of a field without a hint.
QString label_from_flag(const std::string& flag) {
    QString text = QString::fromStdString(flag).replace(QLatin1Char('-'), QLatin1Char(' '));
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

Json* find_dotted(Json& root, const std::string& key) {
    Json* node = &root;
    size_t begin = 0;
    while (true) {
        const size_t dot = key.find('.', begin);
        const std::string part = key.substr(begin, dot == std::string::npos ? dot : dot - begin);
        if (!node->is_object() || !node->contains(part))
            return nullptr;
        node = &(*node)[part];
        if (dot == std::string::npos)
            return node;
        begin = dot + 1;
    }
}

// A list as "a,b", a map as "k=v,k2=v2": what set_train_config_value reads.
QString list_or_map_text(const Json& value) {
    QStringList parts;
    if (value.is_array()) {
        for (const auto& item : value)
            parts << QString::fromStdString(item.is_string() ? item.get<std::string>()
                                                             : item.dump());
    } else if (value.is_object()) {
        for (const auto& [k, v] : value.items())
            parts << QString::fromStdString(k) + QLatin1Char('=') +
                         QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
    }
    return parts.join(QLatin1Char(','));
}

}  // namespace

struct TrainConfigForm::Editor {
    enum class Kind {
        Check,
        Spin,
        Integer,
        Unsigned,
        Number,
        Text,
        Path,
        Choice,
        Files,
        Options,
        Parsed
    };
    ConfigFieldInfo info;
    Kind kind = Kind::Text;
    QWidget* widget = nullptr;  // the editor (for Options: the box holding the check boxes)
    QStringList choices;
    std::map<QString, QCheckBox*> options;
};

TrainConfigForm::TrainConfigForm(QWidget* parent) : QObject(parent), parent_(parent) {
    const Json defaults = Json::parse(training::train_config_to_json(training::TrainConfig{}));
    std::map<Section, QVBoxLayout*> page_layouts;
    std::map<std::pair<Section, std::string>, QFormLayout*> groups;
    for (const Section s : {Section::Data, Section::Training, Section::Output}) {
        auto* page = new QWidget(parent);
        page_layouts[s] = new QVBoxLayout(page);
        page_layouts[s]->setContentsMargins(0, 0, 0, 0);
        pages_[s] = page;
    }
    for (const ConfigFieldInfo& info : training::train_config_fields()) {
        if (left_to_dialog(info.key))
            continue;
        Json copy = defaults;
        const Json* value = find_dotted(copy, info.key);
        if (value == nullptr)
            continue;  // a field without a JSON value cannot be edited here
        const Hint hint = hint_for(info.key);
        const Section section = section_of(info.key);
        const std::string group = group_of(info.key);
        QFormLayout*& form = groups[{section, group}];
        if (form == nullptr) {
            auto* box = new QGroupBox(group_title(group), pages_[section]);
            box->setObjectName(QStringLiteral("TrainGroup_") +
                               camel(group.empty() ? "run" : group));
            form = new QFormLayout(box);
            page_layouts[section]->addWidget(box);
        }
        QWidget* owner = form->parentWidget();

        auto editor = std::make_unique<Editor>();
        editor->info = info;
        editor->choices = hint.choices;
        const QString name = QStringLiteral("Train") + camel(info.flag);
        const QString label =
            hint.label ? QCoreApplication::translate("facellava::ui::TrainConfigForm", hint.label)
                       : label_from_flag(info.flag);
        if (value->is_boolean()) {
            auto* box = new QCheckBox(label, owner);
            editor->kind = Editor::Kind::Check;
            editor->widget = box;
            form->addRow(QString(), box);
        } else if (info.key == "data.train_files" || info.key == "data.eval_files") {
            auto* list = new QListWidget(owner);
            list->setMaximumHeight(90);
            auto* add = new QPushButton(tr("Add…"), owner);
            auto* remove = new QPushButton(tr("Remove"), owner);
            auto* buttons = new QVBoxLayout();
            buttons->addWidget(add);
            buttons->addWidget(remove);
            buttons->addStretch();
            auto* files = new QHBoxLayout();
            files->addWidget(list, 1);
            files->addLayout(buttons);
            connect(add, &QPushButton::clicked, list, [list] {
                auto* picker =
                    new QFileDialog(list, tr("FaceInstruct files"), QString(),
                                    tr("FaceInstruct data (*.json *.jsonl);;All files (*)"));
                picker->setFileMode(QFileDialog::ExistingFiles);
                picker->setAttribute(Qt::WA_DeleteOnClose);
                connect(picker, &QFileDialog::filesSelected, list,
                        [list](const QStringList& chosen) {
                            for (const QString& f : chosen)
                                if (list->findItems(f, Qt::MatchExactly).isEmpty())
                                    list->addItem(f);
                        });
                picker->open();
            });
            connect(remove, &QPushButton::clicked, list,
                    [list] { qDeleteAll(list->selectedItems()); });
            editor->kind = Editor::Kind::Files;
            editor->widget = list;
            form->addRow(label, files);
        } else if (value->is_array() && !hint.choices.isEmpty()) {
            auto* box = new QWidget(owner);
            auto* grid = new QGridLayout(box);
            grid->setContentsMargins(0, 0, 0, 0);
            int column = 0;
            for (const QString& choice : hint.choices) {
                auto* check = new QCheckBox(choice, box);
                check->setObjectName(name + QLatin1Char('_') + choice);
                editor->options[choice] = check;
                grid->addWidget(check, column / 4, column % 4);
                ++column;
            }
            editor->kind = Editor::Kind::Options;
            editor->widget = box;
            form->addRow(label, box);
        } else if (value->is_string() && !hint.choices.isEmpty()) {
            auto* combo = new QComboBox(owner);
            combo->setEditable(hint.editable);
            for (qsizetype i = 0; i < hint.choices.size(); ++i) {
                const QString& value = hint.choices[i];
                const QString shown =
                    i < hint.choice_labels.size()
                        ? QCoreApplication::translate("facellava::ui::TrainConfigForm",
                                                      hint.choice_labels[i].toUtf8().constData())
                        : value;
                combo->addItem(shown, value);
            }
            editor->kind = Editor::Kind::Choice;
            editor->widget = combo;
            form->addRow(label, combo);
        } else if (value->is_number_integer() && hint.spin && value->get<int64_t>() <= INT_MAX) {
            // (nlohmann reads a JSON 500 as unsigned: the sign says nothing of the field.)
            auto* spin = new QSpinBox(owner);
            spin->setRange(hint.minimum, INT_MAX);
            editor->kind = Editor::Kind::Spin;
            editor->widget = spin;
            form->addRow(label, spin);
        } else if (value->is_number()) {
            auto* line = new QLineEdit(owner);
            const bool integer = value->is_number_integer();
            line->setValidator(new QRegularExpressionValidator(
                QRegularExpression(integer ? QStringLiteral("-?[0-9]{0,20}")
                                           : QStringLiteral("[0-9.eE+-]*")),
                line));
            editor->kind = !integer              ? Editor::Kind::Number
                           : hint.unsigned_value ? Editor::Kind::Unsigned
                                                 : Editor::Kind::Integer;
            editor->widget = line;
            form->addRow(label, line);
        } else if (value->is_string()) {
            auto* line = new QLineEdit(owner);
            const bool path = hint.folder || info.value_name == "DIR" ||
                              info.value_name == "FILE" || info.value_name == "PATH";
            editor->kind = path ? Editor::Kind::Path : Editor::Kind::Text;
            editor->widget = line;
            if (path) {
                auto* browse = new QPushButton(tr("Browse…"), owner);
                auto* layout = new QHBoxLayout();
                layout->addWidget(line, 1);
                layout->addWidget(browse);
                const bool folder = hint.folder || info.value_name == "DIR";
                connect(browse, &QPushButton::clicked, line, [line, label, folder] {
                    auto* picker = new QFileDialog(line, label, line->text());
                    picker->setFileMode(folder ? QFileDialog::Directory
                                               : QFileDialog::ExistingFile);
                    if (folder)
                        picker->setOption(QFileDialog::ShowDirsOnly);
                    picker->setAttribute(Qt::WA_DeleteOnClose);
                    connect(picker, &QFileDialog::fileSelected, line, &QLineEdit::setText);
                    picker->open();
                });
                form->addRow(label, layout);
            } else {
                form->addRow(label, line);
            }
        } else {
            // Maps and other lists as the flag text the CLI reads ("k=v,…", "a,b").
            auto* line = new QLineEdit(owner);
            line->setPlaceholderText(QString::fromStdString(info.value_name));
            editor->kind = Editor::Kind::Parsed;
            editor->widget = line;
            form->addRow(label, line);
        }
        editor->widget->setObjectName(name);
        editor->widget->setToolTip(QStringLiteral("--%1 %2\n%3")
                                       .arg(QString::fromStdString(info.flag),
                                            QString::fromStdString(info.value_name),
                                            QString::fromStdString(info.help)));
        connectEditor(*editor);
        editors_.push_back(std::move(editor));
    }
    for (auto& [section, layout] : page_layouts)
        layout->addStretch();

    // LoRA settings matter for stage lora alone.
    if (auto* stage = qobject_cast<QComboBox*>(editor("stage"))) {
        auto update = [this, stage] {
            for (const auto& e : editors_) {
                if (e->info.key.rfind("lora.", 0) == 0)
                    e->widget->setEnabled(stage->currentData().toString() == QLatin1String("lora"));
            }
        };
        connect(stage, &QComboBox::currentIndexChanged, this, update);
        update();
    }
}

TrainConfigForm::~TrainConfigForm() = default;

void TrainConfigForm::connectEditor(const Editor& e) {
    const bool data = e.info.key.rfind("data.", 0) == 0 || e.info.key == "model.checkpoint";
    auto notify = [this, data] {
        if (writing_)
            return;
        emit changed();
        if (data)
            emit dataChanged();
    };
    using Kind = Editor::Kind;
    switch (e.kind) {
        case Kind::Check:
            connect(static_cast<QCheckBox*>(e.widget), &QCheckBox::toggled, this, notify);
            break;
        case Kind::Spin:
            connect(static_cast<QSpinBox*>(e.widget), &QSpinBox::valueChanged, this, notify);
            break;
        case Kind::Choice:
            connect(static_cast<QComboBox*>(e.widget), &QComboBox::currentTextChanged, this,
                    notify);
            break;
        case Kind::Files: {
            auto* list = static_cast<QListWidget*>(e.widget);
            connect(list->model(), &QAbstractItemModel::rowsInserted, this, notify);
            connect(list->model(), &QAbstractItemModel::rowsRemoved, this, notify);
            break;
        }
        case Kind::Options:
            for (const auto& [name, box] : e.options)
                connect(box, &QCheckBox::toggled, this, notify);
            break;
        default:
            connect(static_cast<QLineEdit*>(e.widget), &QLineEdit::textChanged, this, notify);
            break;
    }
}

QWidget* TrainConfigForm::page(Section section) const {
    return pages_.at(section);
}

QWidget* TrainConfigForm::editor(const std::string& key) const {
    for (const auto& e : editors_)
        if (e->info.key == key)
            return e->widget;
    return nullptr;
}

void TrainConfigForm::setConfig(const training::TrainConfig& config) {
    base_ = config;
    writing_ = true;
    Json values = Json::parse(training::train_config_to_json(config));
    using Kind = Editor::Kind;
    for (const auto& e : editors_) {
        const Json* value = find_dotted(values, e->info.key);
        if (value == nullptr)
            continue;
        switch (e->kind) {
            case Kind::Check:
                static_cast<QCheckBox*>(e->widget)->setChecked(value->get<bool>());
                break;
            case Kind::Spin: {
                auto* spin = static_cast<QSpinBox*>(e->widget);
                spin->setValue(int(
                    std::clamp<int64_t>(value->get<int64_t>(), spin->minimum(), spin->maximum())));
                break;
            }
            case Kind::Integer:
            case Kind::Unsigned:
            case Kind::Number:
                // The JSON text: shortest round trip, so an unedited value goes back unchanged.
                static_cast<QLineEdit*>(e->widget)->setText(QString::fromStdString(value->dump()));
                break;
            case Kind::Text:
            case Kind::Path:
                static_cast<QLineEdit*>(e->widget)->setText(
                    QString::fromStdString(value->get<std::string>()));
                break;
            case Kind::Choice: {
                auto* combo = static_cast<QComboBox*>(e->widget);
                const QString text = QString::fromStdString(value->get<std::string>());
                int index = combo->findData(text);
                if (index < 0 && combo->isEditable()) {
                    combo->setCurrentText(text);
                    break;
                }
                if (index < 0) {
                    // A value the list does not offer (a hand-written config):
                    // shown as is, so it survives a round trip and the
                    // trainer's validation names it.
                    combo->addItem(text, text);
                    index = combo->count() - 1;
                }
                combo->setCurrentIndex(index);
                break;
            }
            case Kind::Files: {
                auto* list = static_cast<QListWidget*>(e->widget);
                list->clear();
                for (const auto& f : *value)
                    list->addItem(QString::fromStdString(f.get<std::string>()));
                break;
            }
            case Kind::Options: {
                std::set<std::string> on;
                for (const auto& item : *value)
                    on.insert(item.get<std::string>());
                for (const auto& [name, box] : e->options)
                    box->setChecked(on.count(name.toStdString()) > 0);
                break;
            }
            case Kind::Parsed:
                static_cast<QLineEdit*>(e->widget)->setText(list_or_map_text(*value));
                break;
        }
    }
    writing_ = false;
    emit changed();
    emit dataChanged();
}

training::TrainConfig TrainConfigForm::config(QStringList* problems) const {
    auto problem = [problems](const QString& text) {
        if (problems)
            *problems << text;
    };
    Json base = Json::parse(training::train_config_to_json(base_));
    Json values = base;
    using Kind = Editor::Kind;
    for (const auto& e : editors_) {
        Json* slot = find_dotted(values, e->info.key);
        if (slot == nullptr)
            continue;
        const QString label = QString::fromStdString(e->info.flag);
        switch (e->kind) {
            case Kind::Check:
                *slot = static_cast<QCheckBox*>(e->widget)->isChecked();
                break;
            case Kind::Spin:
                *slot = int64_t(static_cast<QSpinBox*>(e->widget)->value());
                break;
            case Kind::Integer:
            case Kind::Unsigned:
            case Kind::Number: {
                const QString text = static_cast<QLineEdit*>(e->widget)->text().trimmed();
                bool ok = false;
                if (e->kind == Kind::Number) {
                    const double v = QLocale::c().toDouble(text, &ok);
                    if (ok && std::isfinite(v))
                        *slot = v;
                    else
                        problem(tr("%1: '%2' is not a number").arg(label, text));
                } else if (e->kind == Kind::Unsigned) {
                    const qulonglong v = text.toULongLong(&ok);
                    if (ok)
                        *slot = uint64_t(v);
                    else
                        problem(tr("%1: '%2' is not a whole number ≥ 0").arg(label, text));
                } else {
                    const qlonglong v = text.toLongLong(&ok);
                    if (ok)
                        *slot = int64_t(v);
                    else
                        problem(tr("%1: '%2' is not a whole number").arg(label, text));
                }
                break;
            }
            case Kind::Text:
                // Not trimmed: a space can be a value (video_frame_separator).
                *slot = static_cast<QLineEdit*>(e->widget)->text().toStdString();
                break;
            case Kind::Path:
                *slot = static_cast<QLineEdit*>(e->widget)->text().trimmed().toStdString();
                break;
            case Kind::Choice: {
                auto* combo = static_cast<QComboBox*>(e->widget);
                const QString text = combo->isEditable() ? combo->currentText().trimmed()
                                                         : combo->currentData().toString();
                *slot = text.toStdString();
                break;
            }
            case Kind::Files: {
                auto* list = static_cast<QListWidget*>(e->widget);
                Json files = Json::array();
                for (int i = 0; i < list->count(); ++i)
                    files.push_back(list->item(i)->text().toStdString());
                *slot = files;
                break;
            }
            case Kind::Options: {
                std::set<std::string> checked;
                for (const auto& [name, box] : e->options)
                    if (box->isChecked())
                        checked.insert(name.toStdString());
                std::set<std::string> before;
                for (const auto& item : *slot)
                    before.insert(item.get<std::string>());
                if (checked != before) {  // unchanged: the loaded order is kept
                    Json list = Json::array();
                    for (const QString& name : e->choices)
                        if (checked.count(name.toStdString()))
                            list.push_back(name.toStdString());
                    *slot = list;
                }
                break;
            }
            case Kind::Parsed: {
                // The CLI's own reader of "k=v,…" / "a,b".
                training::TrainConfig scratch = base_;
                try {
                    training::set_train_config_value(
                        scratch, e->info.key,
                        static_cast<QLineEdit*>(e->widget)->text().trimmed().toStdString());
                    Json parsed = Json::parse(training::train_config_to_json(scratch));
                    *slot = *find_dotted(parsed, e->info.key);
                } catch (const Error& error) {
                    problem(QString::fromStdString(error.brief()));
                }
                break;
            }
        }
    }
    // The trainer's JSON reader decides what is valid; a field it refuses
    // keeps its last value and is listed.
    try {
        return training::parse_train_config(values.dump(), "the Training dialog");
    } catch (const Error&) {
    }
    for (const auto& e : editors_) {
        Json* slot = find_dotted(values, e->info.key);
        if (slot == nullptr)
            continue;
        Json one = base;
        *find_dotted(one, e->info.key) = *slot;
        try {
            training::parse_train_config(one.dump(), "the Training dialog");
        } catch (const Error& error) {
            problem(QString::fromStdString(error.brief()));
            *slot = *find_dotted(base, e->info.key);
        }
    }
    try {
        return training::parse_train_config(values.dump(), "the Training dialog");
    } catch (const Error& error) {
        problem(QString::fromStdString(error.brief()));
        return base_;
    }
}

}  // namespace facellava::ui
