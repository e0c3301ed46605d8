// Thin wrappers over MPI's collectives (the C API; Open MPI's C++ bindings are deprecated).
#include "rank_exchange.hpp"

#include <mpi.h>

#include <stdexcept>

namespace finwait::checker::distributed {

RankExchange::RankExchange() {
  MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &m_size);
  const auto n = static_cast<std::size_t>(m_size);
  m_send_counts.resize(n);
  m_send_offsets.resize(n);
  m_receive_counts.resize(n);
  m_receive_offsets.resize(n);
}

void RankExchange::sum(std::span<std::uint64_t> values) const {
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM,
                MPI_COMM_WORLD);
}

std::uint64_t RankExchange::min(std::uint64_t value) const {
  std::uint64_t result = 0;
  MPI_Allreduce(&value, &result, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
  return result;
}

std::vector<std::uint64_t> RankExchange::gather(const std::vector<std::uint64_t>& mine) const {
  std::vector<std::uint64_t> all(mine.size() * static_cast<std::size_t>(m_size));
  MPI_Allgather(mine.data(), static_cast<int>(mine.size()), MPI_UINT64_T, all.data(),
                static_cast<int>(mine.size()), MPI_UINT64_T, MPI_COMM_WORLD);
  return all;
}

void RankExchange::exchange(const std::vector<std::vector<std::uint64_t>>& outboxes,
                            std::vector<std::uint64_t>& inbox) {
  // MPI counts are ints: a round sends far fewer than 2^31 states (the search sizes rounds).
  std::size_t total = 0;
  for (int r = 0; r < m_size; ++r) {
    const std::size_t n = outboxes[static_cast<std::size_t>(r)].size();
    if (n > static_cast<std::size_t>(INT32_MAX) || total > static_cast<std::size_t>(INT32_MAX) - n)
      throw std::length_error("a round of the distributed search sends more than 2^31 states");
    m_send_counts[static_cast<std::size_t>(r)] = static_cast<int>(n);
    m_send_offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += n;
  }
  m_send.resize(total);
  for (int r = 0; r < m_size; ++r) {
    const auto& box = outboxes[static_cast<std::size_t>(r)];
    std::copy(box.begin(), box.end(), m_send.begin() + m_send_offsets[static_cast<std::size_t>(r)]);
  }
  MPI_Alltoall(m_send_counts.data(), 1, MPI_INT, m_receive_counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::size_t received = 0;
  for (int r = 0; r < m_size; ++r) {
    m_receive_offsets[static_cast<std::size_t>(r)] = static_cast<int>(received);
    received += static_cast<std::size_t>(m_receive_counts[static_cast<std::size_t>(r)]);
  }
  inbox.resize(received);
  MPI_Alltoallv(m_send.data(), m_send_counts.data(), m_send_offsets.data(), MPI_UINT64_T, inbox.data(),
                m_receive_counts.data(), m_receive_offsets.data(), MPI_UINT64_T, MPI_COMM_WORLD);
}

std::string RankExchange::broadcast(const std::string& text, int root) const {
  std::uint64_t length = text.size();
  MPI_Bcast(&length, 1, MPI_UINT64_T, root, MPI_COMM_WORLD);
  std::string result = m_rank == root ? text : std::string(length, '\0');
  MPI_Bcast(result.data(), static_cast<int>(length), MPI_CHAR, root, MPI_COMM_WORLD);
  return result;
}

}  // namespace finwait::checker::distributed
