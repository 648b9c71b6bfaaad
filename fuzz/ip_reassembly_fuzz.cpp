// IP fragment reassembly under random fragments. The input is a list of records:
//   0 L(2) bytes...         a raw packet (IPv4 or IPv6 by its version nibble)
//   1 i o(2) n t            an IPv4 fragment of datagram i % 4: offset o * 8 (13 bits), n * 8 + (t & 7)
//                           bytes, more fragments if t & 8; time advances by t >> 4 seconds
// A crafted fragment's byte at datagram offset x is (x * 13 + i) & 0xff, so every datagram has
// one right content. Properties after each packet: memory within the limit, datagrams in
// progress within theirs, no memory held when nothing is in progress; a completed datagram
// parses as IPv4 with a total length equal to its size, a valid header checksum, MF clear and
// offset 0, and the right content (when no raw packet could have posed as a fragment); errors
// print as one line.
#include <wirecraft/flow/ip_reassembly.hpp>

#include "fuzz.hpp"

namespace {
using namespace wcfuzz;

// Named, not written inline: clang 14 crashes on some inline address literals.
const wc::ipv4_address source_address{"10.0.0.1"};
const wc::ipv4_address destination_address{"10.0.0.2"};

std::uint8_t u8(bytes_view& in) {
    if (in.empty()) return 0;
    const auto v = std::to_integer<std::uint8_t>(in.front());
    in = in.subspan(1);
    return v;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bytes_view in = as_bytes(data, size);
    const wc::reassembly_limits limits{.max_fragments = 16, .max_memory = 20000, .max_datagrams = 3, .timeout = std::chrono::seconds(30)};
    wc::ip_reassembler r(limits);
    wc::flow_time now{};
    std::array<std::byte, 2100> text{};
    bool raw_seen = false;  // a raw packet may pose as a crafted fragment: then content is not checked
    for (int records = 0; !in.empty() && records < 200; ++records) {
        wc::reassembly_result out;
        if (u8(in) % 2 == 0) {
            const std::size_t length = std::min<std::size_t>(static_cast<std::size_t>(u8(in) << 8 | u8(in)), in.size());
            out = r.add(in.first(length), now);
            raw_seen = true;
            in = in.subspan(length);
        } else {
            const std::uint8_t id = u8(in) % 4;
            const auto offset_units = static_cast<std::uint16_t>((u8(in) << 8 | u8(in)) & 0x1fff);
            const std::size_t n = u8(in);
            const std::uint8_t t = u8(in);
            const std::size_t length = std::min<std::size_t>(n * 8 + (t & 7), text.size());
            now += std::chrono::seconds(t >> 4);
            for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<std::byte>(((offset_units * 8u + i) * 13 + id) & 0xff);
            const auto packet = wc::to_bytes(wc::ipv4{.identification = id, .more_fragments = (t & 8) != 0, .fragment_offset = offset_units,
                                                      .protocol = wc::ip_protocol::udp, .source = source_address, .destination = destination_address} /
                                             wc::payload{std::span(text).first(length)});
            if (!packet) fail("a crafted fragment serializes", to_string(packet.error()));
            out = r.add(*packet, now);
        }
        if (out.problem) check_error(*out.problem);
        if ((out.status == wc::reassembly_status::dropped) != out.problem.has_value()) fail("a drop, and only a drop, says why", "");
        if (r.memory() > limits.max_memory) fail("memory within the limit", std::to_string(r.memory()));
        if (r.in_progress() > limits.max_datagrams) fail("datagrams within the limit", std::to_string(r.in_progress()));
        if (r.in_progress() == 0 && r.memory() != 0) fail("no memory held when nothing is in progress", std::to_string(r.memory()));
        if (out.status != wc::reassembly_status::complete) continue;
        const std::span<const std::byte> whole(out.datagram);
        auto ip = wc::parse<wc::ipv4>(whole);
        if (!ip) {
            if (whole.size() >= 1 && std::to_integer<unsigned>(whole[0]) >> 4 == 6) continue;  // a raw IPv6 datagram
            fail("a reassembled datagram parses", to_string(ip.error()));
        }
        const auto header = static_cast<std::size_t>(ip->get<"header_length">()) * 4;
        if (ip->get<"total_length">() != whole.size() || ip->get<"more_fragments">() || ip->get<"fragment_offset">() != 0 ||
            wc::internet_checksum(whole.first(header)) != 0)
            fail("a reassembled IPv4 header describes the whole datagram", "");
        if (!raw_seen && ip->get<"source">() == source_address && ip->get<"destination">() == destination_address &&
            ip->get<"identification">() < 4 && ip->get<"protocol">() == wc::ip_protocol::udp) {
            const auto id = ip->get<"identification">();
            const auto payload = whole.subspan(header);
            for (std::size_t x = 0; x < payload.size(); ++x)
                if (std::to_integer<unsigned>(payload[x]) != ((x * 13 + id) & 0xff)) fail("a reassembled datagram has the right content", std::to_string(x));
        }
    }
    return 0;
}
