// The `facellava train` command line of a TrainConfig: every option that
// differs from the defaults as a flag (the table of train_config_fields()), so
// the Training dialog's preview is the exact command it starts and a user can
// paste it into a shell. Values a flag cannot carry (an empty text where the
// default is not empty, a list item with a comma, a map key with '=' or ',')
// make the command read the whole config from a file instead.
#pragma once

#include <QString>
#include <QStringList>

#include "facellava/training/train_config.h"

namespace facellava::ui {

struct TrainCommand {
    QStringList arguments;          // after the program: "train", "--stage", "lora", …
    bool uses_config_file = false;  // `--config <config_file>`: write the config there first
    QString config_file;
};

// nproc > 1 adds `--nproc N` (local multi-process data parallel) when the
// config has no "nproc" field of its own; with one, the config carries it.
// `config_file` is used only when a value cannot be written as a flag.
TrainCommand build_train_command(const training::TrainConfig& config, int nproc,
                                 const QString& config_file);

// One argument as a POSIX shell word ('…' quoting only where needed).
QString shell_quote(const QString& argument);
// The program and its arguments as a shell command, one option per line
// joined by " \\\n  " when `multiline`.
QString shell_command(const QString& program, const QStringList& arguments, bool multiline);

}  // namespace facellava::ui
