// The few collective operations the distributed search needs, over MPI_COMM_WORLD. Every rank
// must make the same calls in the same order.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace finwait::checker::distributed {

class RankExchange {
 public:
  RankExchange();
  int rank() const { return m_rank; }
  int size() const { return m_size; }

  // Element-wise sum over the ranks, in place.
  void sum(std::span<std::uint64_t> values) const;
  std::uint64_t min(std::uint64_t value) const;
  // Every rank's `mine` (all of one length), rank 0's first.
  std::vector<std::uint64_t> gather(const std::vector<std::uint64_t>& mine) const;
  // Sends outboxes[r] to rank r; `inbox` gets what every rank sent here, rank 0's first.
  void exchange(const std::vector<std::vector<std::uint64_t>>& outboxes, std::vector<std::uint64_t>& inbox);
  // `text` as rank `root` has it.
  std::string broadcast(const std::string& text, int root) const;

 private:
  int m_rank = 0, m_size = 1;
  std::vector<int> m_send_counts, m_send_offsets, m_receive_counts, m_receive_offsets;
  std::vector<std::uint64_t> m_send;
};

}  // namespace finwait::checker::distributed
