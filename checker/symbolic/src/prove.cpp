// prove(): picks the engine for a property and turns Z3 trouble into unknown verdicts.
#include "finwait/checker/symbolic/prove.hpp"

#include <algorithm>
#include <chrono>

#include "engines.hpp"

namespace finwait::checker::symbolic {

std::optional<Engine> parse_engine(std::string_view text) {
  if (text == "bmc") return Engine::Bmc;
  if (text == "kind" || text == "k-induction") return Engine::KInduction;
  if (text == "pdr" || text == "spacer") return Engine::Pdr;
  if (text == "auto") return Engine::Auto;
  return std::nullopt;
}

std::string_view engine_name(Engine e) {
  switch (e) {
    case Engine::Bmc: return "bmc";
    case Engine::KInduction: return "kind";
    case Engine::Pdr: return "pdr";
    case Engine::Auto: return "auto";
  }
  return "?";
}

namespace {

// One engine run in a context of its own with its own share of the time: an interrupted
// context is not reused, and Z3 exceptions end only this phase (as an unknown verdict).
template <class Run>
ProofOutcome phase(const std::string& name, const std::string& engine, double seconds, Run&& run) {
  z3::context ctx;
  const Deadline deadline(ctx, seconds);
  try {
    return run(ctx, deadline);
  } catch (const z3::exception& e) {
    return unknown_outcome(name, engine, deadline.expired() ? "timeout" : std::string("Z3: ") + e.msg());
  }
}

bool decided(const ProofOutcome& o) { return o.result.verdict != Verdict::Unknown; }

// auto for invariants and reachability: 1-induction (many invariants here are inductive, and
// it is instant); PDR on a third of the time (it proves what holds here in seconds, but can
// be slow to find counterexamples); then BMC to the bound with the rest.
ProofOutcome prove_goal(const TransitionSystem& ts, const SafetyGoal& goal,
                        const ProofOptions& options, double seconds) {
  auto run = [&](const std::string& engine, double budget, auto&& fn) {
    return phase(goal.name, engine, budget, [&](z3::context& ctx, const Deadline& d) {
      return fn(ctx, d);
    });
  };
  auto bmc = [&](unsigned bound) {
    return [&ts, &goal, bound](z3::context& ctx, const Deadline& d) {
      return run_bmc(ts, goal, bound, ctx, d);
    };
  };
  auto kind = [&](unsigned bound, bool invariant) {
    return [&ts, &goal, bound, invariant](z3::context& ctx, const Deadline& d) {
      return run_kinduction(ts, goal, bound, invariant, ctx, d);
    };
  };
  auto pdr = [&](z3::context& ctx, const Deadline& d) {
    return run_pdr(ts, goal, options.want_invariant, ctx, d);
  };
  switch (options.engine) {
    case Engine::Bmc: return run("bmc", seconds, bmc(options.bound));
    case Engine::KInduction: return run("k-induction", seconds, kind(options.bound, options.want_invariant));
    case Engine::Pdr: return run("pdr", seconds, pdr);
    case Engine::Auto: break;
  }
  const auto start = std::chrono::steady_clock::now();
  auto left = [&] {
    return seconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (!options.want_invariant) {
    ProofOutcome quick = run("k-induction", left(), kind(1, false));
    if (decided(quick)) return quick;
  }
  ProofOutcome proof = run("pdr", left() / 3, pdr);
  if (decided(proof)) return proof;
  ProofOutcome search = run("bmc", left(), bmc(options.bound));
  if (!decided(search))
    search.result.notes.insert(search.result.notes.begin(),
                               "pdr: " + proof.result.notes.front() + "; bmc:");
  return search;
}

// auto for temporal claims: lasso search on 40% of the time, then liveness to safety.
ProofOutcome prove_temporal(const TransitionSystem& ts, const properties::PropertySpec& spec,
                            const ProofOptions& options, double seconds) {
  if (options.engine == Engine::KInduction)
    return unknown_outcome(spec.name, "kind", "k-induction proves invariants only; the "
                                              "bmc, pdr and auto engines take temporal claims");
  auto lasso = [&](z3::context& ctx, const Deadline& d) {
    return run_lasso_bmc(ts, spec, options.bound, ctx, d);
  };
  auto l2s = [&](z3::context& ctx, const Deadline& d) { return run_l2s(ts, spec, ctx, d); };
  if (options.engine == Engine::Bmc) return phase(spec.name, "lasso-bmc", seconds, lasso);
  if (options.engine == Engine::Pdr) return phase(spec.name, "l2s+pdr", seconds, l2s);
  // Liveness to safety needs a finite state space: with capacity inf, search only.
  if (ts.config().capacity_infinite()) return phase(spec.name, "lasso-bmc", seconds, lasso);
  const auto start = std::chrono::steady_clock::now();
  ProofOutcome found = phase(spec.name, "lasso-bmc", seconds * 0.4, lasso);
  if (decided(found)) return found;
  const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ProofOutcome proof = phase(spec.name, "l2s+pdr", seconds - used, l2s);
  if (!decided(proof))
    proof.result.notes.insert(proof.result.notes.begin(),
                              "lasso-bmc: " + found.result.notes.front() + "; l2s:");
  return proof;
}

template <class Run>
ProofOutcome timed(const TransitionSystem& ts, Run&& run) {
  const auto start = std::chrono::steady_clock::now();
  ProofOutcome out = run();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!out.result.trace) out.replay_config = ts.config();
  return out;
}

}  // namespace

ProofOutcome prove(const TransitionSystem& ts, const properties::PropertySpec& spec,
                   const ProofOptions& options) {
  return timed(ts, [&] {
    if (spec.kind == properties::ClaimKind::Temporal)
      return prove_temporal(ts, spec, options, options.timeout_seconds);
    return prove_goal(ts, safety_goal(ts, spec), options, options.timeout_seconds);
  });
}

ProofOutcome prove_reach(const TransitionSystem& ts, const std::string& text,
                         const properties::Formula& goal, const ProofOptions& options) {
  return timed(ts, [&] {
    return prove_goal(ts, reach_goal(ts, text, goal), options, options.timeout_seconds);
  });
}

}  // namespace finwait::checker::symbolic
