// pcap and pcapng files: libpcap's record reading and finwait's segment decoder.
#include "finwait/conform/capture_reader.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const finwait::fuzz::MemoryFile file(finwait::fuzz::text_of(data, size));
  finwait::fuzz::run_allowing_input_errors([&] {
    finwait::conform::CaptureReader reader(file.path());
    finwait::conform::TcpSegment segment;
    while (reader.next(segment)) {
    }
  });
  return 0;
}
