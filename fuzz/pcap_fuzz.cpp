// Capture files: every packet the reader hands out lies inside the file and within the size
// limit; a classic pcap's packets, written again with pcap_writer, read back the same
// (unless a timestamp is past what pcap can hold, which the writer must then refuse).
#include <vector>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    const auto file = as_bytes(data, size);
    auto reader = wc::capture_reader::open(file);
    if (!reader) {
        check_error(reader.error());
        return 0;
    }
    std::vector<wc::capture_packet> packets;
    for (;;) {
        auto packet = reader->next();
        if (!packet) {
            check_error(packet.error());
            break;
        }
        if (!*packet) break;
        const auto& p = **packet;
        if (p.data.data() < file.data() || p.data.data() + p.data.size() > file.data() + file.size())
            fail("a packet must lie inside the file", std::to_string(p.file_offset));
        if (p.data.size() > wc::max_packet_size) fail("a packet must respect max_packet_size", std::to_string(p.data.size()));
        packets.push_back(p);
    }
    if (reader->file_format() != wc::capture_reader::format::pcap || packets.empty()) return 0;
    wc::pcap_writer writer(packets.front().link, true);
    for (const auto& p : packets) {
        auto written = writer.add(p.data, p.timestamp_ns, p.original_length);
        if (!written) {  // only a timestamp past 2106 (a fraction field beyond one second can carry there)
            check_error(written.error());
            if (written.error().field != "timestamp") fail("the writer must take what the reader gave", to_string(written.error()));
            return 0;
        }
    }
    auto again = wc::capture_reader::open(writer.bytes());
    if (!again) fail("a written pcap must open", to_string(again.error()));
    for (const auto& p : packets) {
        auto q = again->next();
        if (!q || !*q) fail("a written pcap must hold every packet", std::to_string(p.file_offset));
        const auto& r = **q;
        if (r.timestamp_ns != p.timestamp_ns || r.original_length != p.original_length ||
            !std::equal(r.data.begin(), r.data.end(), p.data.begin(), p.data.end()))
            fail("a written pcap must read back the same packets", std::to_string(p.file_offset));
    }
    return 0;
}
