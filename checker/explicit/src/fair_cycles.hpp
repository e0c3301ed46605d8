// Fair accepting cycles in a product graph: SCCs (Tarjan) refined Emerson-Lei style.
#pragma once

#include <optional>
#include <vector>

#include "finwait/checker/budget.hpp"
#include "finwait/properties/fairness.hpp"
#include "product_graph.hpp"

namespace finwait::checker {

// A set of product nodes, strongly connected, inside which a cycle can be fair and accepting.
struct FairComponent {
  std::uint32_t id = 0;  // membership: FairCycleSearch::member(v, id)
  std::vector<ProductId> members;
  properties::ClassMask enabled_somewhere = 0;
};

class FairCycleSearch {
 public:
  // `budget` is polled once per node visited; it throws LimitReached.
  FairCycleSearch(const ProductGraph& product, const properties::FairnessSpec& fairness, Budget& budget);

  // Breadth-first reachability from the initial nodes (depths give shortest prefixes).
  void explore_reachable();
  // The fair component nearest to an initial node, if any.
  std::optional<FairComponent> find();

  bool member(ProductId v, std::uint32_t id) const { return m_mark[v] == id; }
  bool reached(ProductId v) const { return m_depth[v] != kUnreached; }
  std::uint32_t depth(ProductId v) const { return m_depth[v]; }
  ProductId parent(ProductId v) const { return m_parent[v]; }
  std::size_t reachable_count() const { return m_reachable.size(); }

 private:
  static constexpr std::uint32_t kUnreached = UINT32_MAX;

  // SCCs of the subgraph induced by `scope` (nodes marked `scope_id`) reachable from roots.
  std::vector<std::vector<ProductId>> components(const std::vector<ProductId>& roots,
                                                 std::uint32_t scope_id);
  std::optional<FairComponent> check(std::vector<ProductId> members, std::uint32_t id);
  struct TarjanRun;
  // Tarjan's "strongconnect" from one root, without recursion.
  void strong_connect(ProductId root, TarjanRun& run);
  void open(ProductId v, TarjanRun& run);
  // Closes v's frame: pops its component if v is a root.
  void close(ProductId v, TarjanRun& run);

  const ProductGraph& m_product;
  Budget& m_budget;
  std::uint64_t m_visits = 0;  // nodes visited by every pass, for progress
  properties::ClassMask m_weak, m_strong;
  std::vector<std::uint32_t> m_depth;
  std::vector<ProductId> m_parent;
  std::vector<ProductId> m_reachable;  // in BFS order
  std::vector<std::uint32_t> m_mark;   // component id of each node (0: none)
  std::uint32_t m_next_id = 1;
  // Tarjan scratch, stamped per call so that it never needs clearing.
  std::vector<std::uint32_t> m_stamp, m_index, m_low;
  std::vector<std::uint8_t> m_on_stack;
  std::uint32_t m_stamp_now = 0;
};

}  // namespace finwait::checker
