// `finwait verdicts`: library properties against a base model and one-parameter variations of
// it, computed once and rendered as the Markdown of docs/verdicts.md, as JSON or as CSV.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "output_file.hpp"
#include "commands.hpp"
#include "finwait/checker/cause.hpp"
#include "finwait/checker/check_properties.hpp"
#include "finwait/model/input_error.hpp"
#include "json_document.hpp"
#include "model_options.hpp"
#include "trace_json.hpp"
#include "usage_check.hpp"

namespace finwait::cli {
namespace {

using namespace finwait::model;
using checker::Verdict;

struct Variation {
  const char* title;
  const char* parameter;  // MODEL.md name
  const char* value;
};

// The columns after the base, in docs/verdicts.md's order.
const Variation kVariations[] = {
    {"rfc1337", "variant", "rfc1337"},
    {"time_wait none", "time_wait", "none"},
    {"time_wait any", "time_wait", "any"},
    {"retries 0", "retries", "0"},
    {"retries inf", "retries", "inf"},
    {"fin_wait_2_timeout on", "fin_wait_2_timeout", "on"},
    {"loss off", "loss", "off"},
    {"dup on", "dup", "on"},
    {"abort on", "abort", "on"},
    {"closers A", "closers", "A"},
};

struct Column {
  std::string title;
  std::string parameter;  // MODEL.md name; empty for the base column
  std::string value;
  ModelConfig config;
};

// The one computed result that Markdown, JSON and CSV render.
struct VerdictTable {
  std::string command;  // the command line that prints this table again
  ModelConfig base;
  bool default_base = true;  // the base is MODEL.md's defaults: its column is titled "default"
  std::vector<properties::PropertySpec> specs;
  std::vector<Column> columns;
  std::vector<std::vector<checker::PropertyOutcome>> results;  // [column][property]
  std::vector<std::string> notes;                              // variations left out, and why
};

// A variation equal to the base would repeat the base column under a misleading title, and an
// invalid one cannot be explored: both are left out, with a note so the reader sees why.
std::vector<Column> columns_of(const ModelConfig& base, bool default_base,
                               std::vector<std::string>& notes) {
  std::vector<Column> out{{default_base ? "default" : "base", "", "", base}};
  for (const Variation& v : kVariations) {
    Column c{v.title, v.parameter, v.value, base};
    set_parameter(c.config, v.parameter, v.value, "verdicts");
    if (c.config == base) {
      notes.push_back(fmt::format("{}: not shown, the base already has {} {}", v.title, v.parameter, v.value));
      continue;
    }
    try {
      c.config.validate(StateSpace::Explicit);
    } catch (const InputError& e) {
      notes.push_back(fmt::format("{}: not shown, {} {} is invalid here ({})", v.title, v.parameter,
                                  v.value, e.what()));
      continue;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Named properties are resolved as check resolves them; none named means the whole library.
std::vector<properties::PropertySpec> specs_of(const std::vector<std::string>& names) {
  if (!names.empty()) return selected_properties(names, {});
  std::vector<properties::PropertySpec> specs;
  for (const auto& n : properties::library_names()) specs.push_back(properties::resolve_property(n));
  return specs;
}

std::string command_of(const ModelConfig& base, const std::vector<std::string>& property_names) {
  std::string command = "finwait verdicts";
  if (const std::string flags = flags_text(base); !flags.empty()) command += " " + flags;
  for (const std::string& name : property_names) command += " --property " + name;
  return command;
}

VerdictTable compute_table(const ModelConfig& base, const std::vector<std::string>& property_names) {
  VerdictTable t;
  t.command = command_of(base, property_names);
  t.base = base;
  t.default_base = base == ModelConfig{};
  t.specs = specs_of(property_names);
  // A bad base is the user's input error (exit 2), not a column to leave out.
  base.validate(StateSpace::Explicit);
  t.columns = columns_of(base, t.default_base, t.notes);
  for (const Column& c : t.columns) {
    const SystemSemantics sys(c.config);
    t.results.push_back(checker::check_properties(sys, t.specs, {}, {}).properties);
  }
  return t;
}

std::string cell(const checker::PropertyOutcome& p) {
  switch (p.verdict) {
    case Verdict::Violated:
      return fmt::format("violated ({}{})", p.trace->steps.size(), p.trace->cycle_start ? ", lasso" : "");
    case Verdict::Reachable: return fmt::format("reachable ({})", p.trace->steps.size());
    default: return std::string(checker::verdict_name(p.verdict));
  }
}

// --- Markdown -------------------------------------------------------------------------------

void print_markdown_preamble(std::ostream& md, const VerdictTable& t) {
  fmt::print(md, "# Verdicts of the property library\n\n");
  if (t.command == "finwait verdicts") {
    // docs/verdicts.md's wording, byte for byte: a test compares the committed file.
    fmt::print(md, "Generated by `finwait verdicts`; do not edit by hand (a test regenerates it and fails "
                   "if it differs). Each column is the default model with one parameter changed. ");
  } else if (t.default_base) {
    fmt::print(md, "Generated by `{}`. Each column is the default model with one parameter changed. ",
               t.command);
  } else {
    fmt::print(md, "Generated by `{}`. The base column is the model `{}`; each other column is the base "
                   "with one parameter changed. ", t.command, flags_text(t.base));
  }
  fmt::print(md, "A cell gives the verdict and the length of the shortest counterexample or witness; a "
                 "lasso is a liveness counterexample (a prefix and a cycle that repeats forever under the "
                 "property's fairness).\n\n");
}

void print_markdown_table(std::ostream& md, const VerdictTable& t) {
  fmt::print(md, "| property |");
  for (const Column& c : t.columns) fmt::print(md, " {} |", c.title);
  fmt::print(md, "\n|---|");
  for (std::size_t i = 0; i < t.columns.size(); ++i) fmt::print(md, "---|");
  fmt::print(md, "\n");
  for (std::size_t p = 0; p < t.specs.size(); ++p) {
    fmt::print(md, "| {} |", t.specs[p].name);
    for (const auto& column : t.results) fmt::print(md, " {} |", cell(column[p]));
    fmt::print(md, "\n");
  }
  for (const std::string& note : t.notes) fmt::print(md, "\nNote: {}.\n", note);
}

void print_markdown_causes(std::ostream& md, const VerdictTable& t) {
  fmt::print(md, "\n## Why each violation happens\n\n");
  for (std::size_t p = 0; p < t.specs.size(); ++p)
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const auto& o = t.results[c][p];
      if (o.verdict != Verdict::Violated) continue;
      const std::size_t steps = o.trace->steps.size();
      fmt::print(md, "- **{}**, {}: {} ({} step{}).\n", t.specs[p].name, t.columns[c].title,
                 checker::describe_cause(*o.trace), steps, steps == 1 ? "" : "s");
    }
}

std::string markdown_text(const VerdictTable& t) {
  std::ostringstream md;
  print_markdown_preamble(md, t);
  print_markdown_table(md, t);
  fmt::print(md, "\n## What each property claims\n\n");
  for (const auto& spec : t.specs) fmt::print(md, "- **{}**: {}\n", spec.name, spec.meaning);
  print_markdown_causes(md, t);
  return md.str();
}

// --- JSON -----------------------------------------------------------------------------------

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json column_json(const Column& c) {
  return {{"title", c.title}, {"parameter", text_or_null(c.parameter)}, {"value", text_or_null(c.value)},
          {"config", config_to_json(c.config)}};
}

nlohmann::json cell_json(const checker::PropertyOutcome& o) {
  nlohmann::json j;
  j["verdict"] = std::string(checker::verdict_name(o.verdict));
  j["steps"] = o.trace ? nlohmann::json(o.trace->steps.size()) : nlohmann::json(nullptr);
  j["lasso"] = o.trace && o.trace->cycle_start.has_value();
  const bool violated = o.verdict == Verdict::Violated && o.trace;
  j["cause"] = violated ? nlohmann::json(checker::describe_cause(*o.trace)) : nlohmann::json(nullptr);
  return j;
}

std::string json_text(const VerdictTable& t) {
  nlohmann::json doc = json_document("verdicts", t.base);
  doc["columns"] = nlohmann::json::array();
  for (const Column& c : t.columns) doc["columns"].push_back(column_json(c));
  doc["properties"] = nlohmann::json::array();
  for (std::size_t p = 0; p < t.specs.size(); ++p) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& column : t.results) cells.push_back(cell_json(column[p]));
    doc["properties"].push_back({{"name", t.specs[p].name}, {"meaning", t.specs[p].meaning}, {"cells", cells}});
  }
  doc["notes"] = t.notes;
  return doc.dump(2) + "\n";
}

// --- CSV (RFC 4180) -------------------------------------------------------------------------

// A field with a comma, a quote or a line break is quoted, its quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// RFC 4180 ends every record, the last included, with CRLF.
std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (const std::string& f : fields) out += (out.empty() ? "" : ",") + csv_field(f);
  return out + "\r\n";
}

std::string csv_text(const VerdictTable& t) {
  std::vector<std::string> header{"property"};
  for (const Column& c : t.columns) header.push_back(c.title);
  std::string out = csv_record(header);
  for (std::size_t p = 0; p < t.specs.size(); ++p) {
    std::vector<std::string> row{t.specs[p].name};
    for (const auto& column : t.results) row.push_back(cell(column[p]));
    out += csv_record(row);
  }
  return out;
}

void write_output(const std::string& output, const std::string& text, std::ostream& out) {
  if (output.empty() || output == "-") {
    out << text;
    return;
  }
  write_output_file(output, text, "--output");  // binary: CSV's CRLF stays as written
  fmt::print(out, "wrote {}\n", output);
}

}  // namespace

std::string verdicts_markdown() { return markdown_text(compute_table(ModelConfig{}, {})); }

int run_verdicts(const ModelConfig& config, const VerdictsOptions& options, std::ostream& out) {
  if (options.json && options.csv)
    throw UsageError("--csv: cannot be combined with --json; choose one output format");
  const VerdictTable table = compute_table(config, options.properties);
  const std::string text = options.json ? json_text(table) : options.csv ? csv_text(table) : markdown_text(table);
  write_output(options.output, text, out);
  return 0;
}

}  // namespace finwait::cli
