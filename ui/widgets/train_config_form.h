// The Training dialog's settings, generated from the trainer's own field
// table (training::train_config_fields()): one editor per config field, its
// kind from the field's type (check box, spin box, number or text field, file
// list, choices), its tooltip the CLI's help, its object name "Train" + the
// flag in CamelCase ("--learning-rate" → TrainLearningRate). A small table
// here only adds what the trainer's table cannot say: a translated label,
// the choices of a text field, a lower bound, whether a path is a folder. A
// field added to the trainer appears here without a change.
//
// Reading goes through the trainer's JSON reader (parse_train_config), so
// the form accepts exactly what `facellava train --config` accepts; a value
// that does not parse is listed as a problem, not thrown.
#pragma once

#include <QObject>
#include <QStringList>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "facellava/training/train_config.h"

class QWidget;

namespace facellava::ui {

class TrainConfigForm : public QObject {
    Q_OBJECT
  public:
    // The pages the dialog shows as tabs, by the first part of the key:
    // data.* → Data, checkpoint.* and eval.* → Output, the rest → Training.
    enum class Section { Data, Training, Output };

    // Builds every editor; `parent` owns the pages.
    explicit TrainConfigForm(QWidget* parent);
    ~TrainConfigForm() override;

    // A page with the section's fields: a group box per key prefix.
    QWidget* page(Section section) const;
    // The editor of a dotted key ("optim.learning_rate"); nullptr for a key
    // the form leaves to the dialog (checkpoint.resume_from).
    QWidget* editor(const std::string& key) const;

    // Every field from `config`; fields the form does not edit keep its values.
    void setConfig(const training::TrainConfig& config);
    // The form over the config last set. `problems` gets a line per value
    // that does not parse (the config then keeps that field's last value).
    training::TrainConfig config(QStringList* problems = nullptr) const;

  signals:
    // Any edit; dataChanged() also for the fields the data preview depends on.
    void changed();
    void dataChanged();

  private:
    struct Editor;
    void addEditor(const training::ConfigFieldInfo& info);
    void connectEditor(const Editor& editor);

    QWidget* parent_;
    std::map<Section, QWidget*> pages_;
    std::vector<std::unique_ptr<Editor>> editors_;  // in the trainer's field order
    training::TrainConfig base_;
    bool writing_ = false;  // setConfig() in progress: one changed() at its end
};

}  // namespace facellava::ui
