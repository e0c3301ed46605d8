// Choosing the connection a witness is asked for, and finding its run.
#include "finwait/conform/conformance.hpp"

namespace finwait::conform {

std::optional<ConnectionWitness> witness_for(const model::SystemSemantics& sys,
                                             const std::vector<FileReport>& reports,
                                             const SocketAddress& client) {
  std::optional<ConnectionWitness> chosen;
  // Connections with letters were recorded while checking; prefer one that conforms.
  for (const FileReport& r : reports)
    for (const auto& [index, letters] : r.witness_letters)
      if (!chosen || (chosen->connection->bad && !r.connections[index].bad))
        chosen = ConnectionWitness{r.path, &r.connections[index], letters, std::nullopt};
  // A connection with no letters has the empty run as its witness.
  for (const FileReport& r : reports)
    for (const Connection& c : r.connections)
      if (!chosen && c.a == client) chosen = ConnectionWitness{r.path, &c, {}, std::nullopt};
  if (chosen && !chosen->connection->bad) chosen->witness = find_witness(sys, chosen->letters);
  return chosen;
}

}  // namespace finwait::conform
