// `finwait conform`'s engine: reads captures, groups segments into connections and
// incarnations, maps them to letters and runs the set-of-states simulation (TRACES.md).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "finwait/conform/capture_reader.hpp"
#include "finwait/conform/huge_pages.hpp"
#include "finwait/conform/letters.hpp"
#include "finwait/conform/state_sets.hpp"
#include "finwait/conform/witness.hpp"
#include "finwait/model/config.hpp"

namespace finwait::conform {

// Why a connection does not conform: its first bad packet.
struct BadPacket {
  std::uint64_t packet = 0;
  model::Party sender = model::Party::A;
  std::optional<Observation> letter;  // a letter no run explains (else: sequence-level)
  SetId before = kEmptySet;           // the states the model could be in just before it
  std::string seq_violation;          // the sequence-level reason, if that is what it was
};

// One connection (incarnation). Fields a packet touches come first, so that a capture of
// many connections costs few cache lines per packet; the rare bad packet lives on the heap.
struct Connection {
  SocketAddress a, b;  // A: sender of the first SYN-without-ACK, else of the first packet
  LetterMapper mapper;
  SetId set = kEmptySet;  // states consistent with the letters so far
  std::uint32_t letter_count = 0;
  std::uint64_t packets = 0, last_packet = 0;
  std::uint64_t first_packet = 0;
  std::uint32_t first_syn_seq = 0;
  std::uint32_t incarnation = 1;  // 1 for the first connection on this 4-tuple
  bool handshake_seen = false;
  // The first letters, for the summary and for hints (from: bit 2, letter: bits 0-1).
  static constexpr std::size_t kKeptLetters = 24;
  std::array<std::uint8_t, kKeptLetters> kept{};
  std::unique_ptr<BadPacket> bad;

  bool conforms() const { return !bad; }
  std::vector<Observation> kept_letters() const;
};

struct FileReport {
  std::string path;
  std::uint64_t packets = 0;      // records in the file
  std::uint64_t tcp_segments = 0;
  SkipCounts skipped;
  std::vector<Connection, HugePageAllocator<Connection>> connections;  // by first packet
  std::optional<std::uint64_t> first_bad_packet;
  std::size_t nonconforming = 0;
  // Letters of the connection asked for by `witness_client` (every incarnation of it).
  std::vector<std::pair<std::size_t, std::vector<ObservedLetter>>> witness_letters;
};

struct Progress {
  std::string path;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0, file_size = 0;
  std::size_t connections = 0;
};

struct ConformOptions {
  std::string filter;  // BPF expression (tcpdump's syntax); empty: every packet
  std::optional<SocketAddress> witness_client;  // keep this client's letters for a witness
  std::function<void(const Progress&)> on_progress;  // called every few hundred thousand packets
};

class ConformanceChecker {
 public:
  explicit ConformanceChecker(const model::ModelConfig& config);

  // Throws InputError for an unreadable file or a corrupt record (naming the packet).
  FileReport check_file(const std::string& path, const ConformOptions& options = {});

  const model::ModelConfig& config() const { return m_config; }
  const model::SystemSemantics& semantics() const { return m_sys; }
  StateSets& sets() { return m_sets; }

 private:
  model::ModelConfig m_config;
  model::SystemSemantics m_sys;
  StateSets m_sets;
};

// One explaining run for the connection whose client (A) is a given address: its file, the
// connection, its letters, and the run (none when the connection does not conform).
struct ConnectionWitness {
  std::string path;
  const Connection* connection = nullptr;
  std::vector<ObservedLetter> letters;
  std::optional<Witness> witness;
};

// The client's conforming incarnation if it has one (else its first), from reports checked
// with ConformOptions::witness_client = client; nothing if no connection has that client.
std::optional<ConnectionWitness> witness_for(const model::SystemSemantics& sys,
                                             const std::vector<FileReport>& reports,
                                             const SocketAddress& client);

// The explanation TRACES.md asks for: connection, endpoint, letter, the states each endpoint
// could be in just before it, and why none of them can send it; or the sequence-level reason.
std::string explain(const Connection& c, StateSets& sets);

// The explanation without the connection's addresses: connections that fail alike share it.
std::string reason_kind(const Connection& c, StateSets& sets);

// "FIN_WAIT_1, FIN_WAIT_2": the endpoint states present in a set.
std::string states_of(StateSets& sets, SetId set, model::Party p);

// "A:FIN B:ACK B:FINACK A:ACK" (the first kKeptLetters, then "...").
std::string letters_text(const Connection& c);

// Single parameter changes from `config` (MODEL.md names and values, e.g. {"abort", "on"})
// under which a non-conforming connection's letters would be explained; empty if none, or
// if the connection's letters were too many to keep.
std::vector<std::pair<std::string, std::string>> explaining_changes(
    const model::ModelConfig& config, const Connection& c);

}  // namespace finwait::conform
