// Printing and writing conformance witnesses.
#include "conform_witness_output.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "render_trace.hpp"
#include "json_document.hpp"
#include "trace_json.hpp"

namespace finwait::cli {

using model::Party;
using nlohmann::json;

void print_witness(std::ostream& out, const conform::ConnectionWitness& w, model::ChannelKind kind) {
  const conform::Connection& c = *w.connection;
  fmt::print(out, "\nwitness for {} -> {}{}: {} letters, {} model steps\n", to_string(c.a),
             to_string(c.b), c.incarnation > 1 ? fmt::format(" (incarnation {})", c.incarnation) : "",
             w.letters.size(), w.witness->trace.steps.size());
  fmt::print(out, "  {:>7}  {:<12}  {:<22}  {}\n", "packet", "sent", "A after it", "B after it");
  for (std::size_t k = 0; k < w.letters.size(); ++k) {
    const model::TraceStep& s = w.witness->trace.steps[w.witness->step_of_letter[k]];
    fmt::print(out, "  {:>7}  {:<12}  {:<22}  {}\n", w.letters[k].packet,
               fmt::format("{} {}", model::name(w.letters[k].letter.from),
                           model::name(w.letters[k].letter.letter)),
               model::describe_endpoint(s.state.at(Party::A)),
               model::describe_endpoint(s.state.at(Party::B)));
  }
  fmt::print(out, "\nthe model run, step by step (sends are the packets above; the rest is silent):\n");
  print_trace_table(out, w.witness->trace, kind);
}

nlohmann::json witness_trace_json(const model::ModelConfig& config,
                                  const conform::ConnectionWitness& w) {
  json letters = json::array();
  for (const auto& l : w.letters)
    letters.push_back({{"packet", l.packet},
                       {"from", model::name(l.letter.from)},
                       {"letter", model::name(l.letter.letter)}});
  json t = {{"kind", "witness"},
            {"name", fmt::format("{} {} -> {}", w.path, to_string(w.connection->a), to_string(w.connection->b))},
            {"letters", letters},
            {"initial", to_json(w.witness->trace.initial, config.channel)},
            {"steps", steps_to_json(w.witness->trace, config.channel)},
            {"cycle_start", nullptr}};
  json file = trace_file_document("conform", config);
  file["traces"].push_back(t);
  return file;
}

}  // namespace finwait::cli
