// Opens a capture with libpcap and streams its TCP segments (TRACES.md "Input").
#include "finwait/conform/capture_reader.hpp"

#include <fcntl.h>
#include <pcap/pcap.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string_view>
#include <system_error>

#include "finwait/model/input_error.hpp"
#include "packet_decoder.hpp"

namespace finwait::conform {
namespace {

std::string errno_text(int error) {
  if (error == ENOENT) return "no such file";
  std::string text = std::generic_category().message(error);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

// Why a file that is not a regular file cannot be read (so a FIFO is never opened and
// waited on, and a device never read).
std::string not_regular(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "is a directory";
  if (S_ISFIFO(st.st_mode)) return "not a regular file (a FIFO)";
  if (S_ISCHR(st.st_mode)) return "not a regular file (a character device)";
  if (S_ISBLK(st.st_mode)) return "not a regular file (a block device)";
  if (S_ISSOCK(st.st_mode)) return "not a regular file (a socket)";
  return "not a regular file";
}

// Opens `path` for reading, refusing anything but a non-empty regular file; returns the
// stream and its size.
std::FILE* open_regular_file(const std::string& path, std::uint64_t& size) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(path, errno_text(errno));
  if (!S_ISREG(st.st_mode)) throw InputError(path, not_regular(st));
  // O_NONBLOCK: should the path have become a FIFO since stat, open must not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw InputError(path, errno_text(errno));
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(path, "not a regular file");
  }
  if (st.st_size == 0) {
    ::close(fd);
    throw InputError(path, "empty file, not a capture");
  }
  std::FILE* file = ::fdopen(fd, "rb");
  if (file == nullptr) {
    const int error = errno;
    ::close(fd);
    throw InputError(path, errno_text(error));
  }
  // libpcap reads a 16-byte header then the packet: a large buffer saves system calls.
  std::setvbuf(file, nullptr, _IOFBF, std::size_t{1} << 18);
  size = static_cast<std::uint64_t>(st.st_size);
  return file;
}

// libpcap's reason for refusing a file header, in a short form.
std::string header_error(std::string_view libpcap) {
  const std::string_view base = "not a pcap or pcapng capture";
  if (libpcap == "unknown file format") return std::string(base);
  if (libpcap.starts_with("truncated")) return std::string(base) + " (truncated file header)";
  return std::string(base) + " (" + std::string(libpcap) + ")";
}

std::string unsupported_link(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  return "link type " + std::to_string(dlt) + " (" + (name ? name : "unknown") +
         ") is not supported; supported: Ethernet, raw IP, Linux SLL, Linux SLL2, BSD loopback";
}

}  // namespace

struct CaptureReader::Impl {
  std::string path;
  pcap_t* pcap = nullptr;
  bpf_program filter{};
  bool filtering = false;
  int dlt = 0;
  detail::LinkKind link = detail::LinkKind::Ethernet;
  std::uint64_t packets = 0;  // records returned by libpcap so far
  SkipCounts skipped;
  std::uint64_t file_size = 0;
  std::string failure;  // set once a record could not be read; the reader is then spent

  ~Impl() {
    if (filtering) pcap_freecode(&filter);
    if (pcap != nullptr) pcap_close(pcap);  // also closes the FILE
  }

  // Counts the record just read as skipped, and lists it while the list has room.
  void skip(SkipReason reason) {
    switch (reason) {
      case SkipReason::NotTcp: ++skipped.not_tcp; break;
      case SkipReason::Fragment: ++skipped.fragments; break;
      case SkipReason::Truncated: ++skipped.truncated; break;
    }
    if (skipped.listed.size() < kListedSkips) skipped.listed.push_back({packets, reason});
  }

  [[noreturn]] void fail() const {
    throw InputError(path + ": packet " + std::to_string(packets + 1), failure);
  }
};

const char* to_string(SkipReason reason) {
  switch (reason) {
    case SkipReason::NotTcp: return "not TCP";
    case SkipReason::Fragment: return "fragment";
    case SkipReason::Truncated: return "truncated";
  }
  return "?";
}

CaptureReader::CaptureReader(const std::string& path, const std::string& filter)
    : m_impl(std::make_unique<Impl>()) {
  Impl& s = *m_impl;
  s.path = path;
  // Standard input is the one stream that is not a regular file; its size is unknown.
  std::FILE* file = path == "-" ? stdin : open_regular_file(path, s.file_size);
  char error[PCAP_ERRBUF_SIZE] = "";
  // Nanosecond precision: libpcap scales microsecond files up, so one code path serves both.
  s.pcap = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, error);
  if (s.pcap == nullptr) {
    std::fclose(file);
    throw InputError(path, header_error(error));
  }
  s.dlt = pcap_datalink(s.pcap);
  const auto link = detail::link_kind_for_dlt(s.dlt);
  if (!link) throw InputError(path, unsupported_link(s.dlt));
  s.link = *link;
  if (!filter.empty()) {
    if (pcap_compile(s.pcap, &s.filter, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
      throw InputError("filter", std::string("'") + filter + "': " + pcap_geterr(s.pcap));
    s.filtering = true;
  }
}

CaptureReader::~CaptureReader() = default;

bool CaptureReader::next(TcpSegment& out) {
  Impl& s = *m_impl;
  if (!s.failure.empty()) s.fail();
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  for (;;) {
    const int status = pcap_next_ex(s.pcap, &header, &data);
    if (status == PCAP_ERROR_BREAK) return false;  // end of file
    if (status != 1) {
      s.failure = std::string("truncated or corrupt record: ") + pcap_geterr(s.pcap);
      s.fail();
    }
    ++s.packets;
    if (s.filtering && pcap_offline_filter(&s.filter, header, data) == 0) {
      ++s.skipped.filtered;
      continue;
    }
    switch (detail::decode_packet(s.link, {data, header->caplen}, header->len, out)) {
      case detail::Decoded::Tcp:
        out.packet = s.packets;
        out.ts_sec = header->ts.tv_sec;
        out.ts_nsec = static_cast<std::uint32_t>(header->ts.tv_usec);  // ns: see the constructor
        return true;
      case detail::Decoded::NotTcp:
        s.skip(SkipReason::NotTcp);
        break;
      case detail::Decoded::Fragment:
        s.skip(SkipReason::Fragment);
        break;
      case detail::Decoded::Truncated:
        s.skip(SkipReason::Truncated);
        break;
    }
  }
}

std::uint64_t CaptureReader::packets() const { return m_impl->packets; }

const SkipCounts& CaptureReader::skipped() const { return m_impl->skipped; }

std::uint64_t CaptureReader::file_size() const { return m_impl->file_size; }

std::uint64_t CaptureReader::bytes_read() const {
  if (m_impl->file_size == 0) return 0;  // standard input: no position to report
  const long position = std::ftell(pcap_file(m_impl->pcap));
  return position < 0 ? 0 : static_cast<std::uint64_t>(position);
}

int CaptureReader::link_type() const { return m_impl->dlt; }

}  // namespace finwait::conform
