// Turns the MSM transition table (a type list) into ReflectedTable (plain data): mpl::for_each
// walks the row types at compile time; the table itself is filled at first use.
#include <boost/mpl/for_each.hpp>
#include <type_traits>

#include "endpoint_chart.hpp"

namespace finwait::model {
namespace {

// A tag carrying a type through mpl::for_each without constructing it. It must not have a
// nested ::type, or MPL's lambda machinery would unwrap it.
template <class T>
struct Tag {};

template <class T>
constexpr bool is_none = std::is_same_v<T, chart::none>;

template <class Action>
void reflect_actions(std::vector<ReflectedAction>& out) {
  if constexpr (is_none<Action>) {
    return;
  } else if constexpr (requires { typename Action::sequence; }) {
    boost::mpl::for_each<typename Action::sequence, Tag<boost::mpl::_1>>(
        [&out]<class A>(Tag<A>) { reflect_actions<A>(out); });
  } else {
    out.push_back({Action::name, &Action::apply});
  }
}

struct RowReflector {
  ReflectedTable* table;

  template <class Row>
  void operator()(Tag<Row>) const {
    ReflectedRule rule;
    rule.row = static_cast<int>(table->rules.size());
    rule.source = Row::Source::id;
    if constexpr (!is_none<typename Row::Evt>) rule.event = Row::Evt::id;
    if constexpr (!is_none<typename Row::Target>) rule.target = Row::Target::id;
    if constexpr (!is_none<typename Row::Guard>)
      rule.guard = ReflectedGuard{Row::Guard::name, &Row::Guard::holds};
    reflect_actions<typename Row::Action>(rule.actions);
    note_state<typename Row::Source>();
    if constexpr (!is_none<typename Row::Target>) note_state<typename Row::Target>();
    table->rules.push_back(std::move(rule));
  }

  template <class State>
  void note_state() const {
    table->states[static_cast<int>(State::id)] = {State::id, State::clears_retx};
  }
};

ReflectedTable reflect() {
  ReflectedTable table;
  for (int s = 0; s < kTcpStateCount; ++s) table.states[s].state = static_cast<TcpState>(s);
  boost::mpl::for_each<chart::EndpointChart::transition_table, Tag<boost::mpl::_1>>(
      RowReflector{&table});
  table.initial = chart::EndpointChart::initial_state::id;
  return table;
}

}  // namespace

const ReflectedTable& reflected_table() {
  static const ReflectedTable table = reflect();
  return table;
}

}  // namespace finwait::model
