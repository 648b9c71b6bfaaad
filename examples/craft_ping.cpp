// craft_ping: crafts an exchange of ICMP echo requests and replies over Ethernet/IPv4 and
// writes it to a pcap file that Wireshark/tshark open without complaint.
//
//   craft_ping [OUTPUT.pcap] [COUNT]          (defaults: ping.pcap, 4)
//
// Each request carries 56 bytes of data like ping(8): an 8-byte timestamp, then 0x10, 0x11, ...
// Lengths, the IPv4 header checksum and the ICMP checksum are filled in by the library.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <wirecraft/wirecraft.hpp>

namespace wc = wirecraft;

int main(int argc, char** argv) {
    const std::string output = argc > 1 ? argv[1] : "ping.pcap";
    const int count = argc > 2 ? std::atoi(argv[2]) : 4;
    if (count < 1 || count > 65535) {
        std::fprintf(stderr, "usage: craft_ping [OUTPUT.pcap] [COUNT 1..65535]\n");
        return 2;
    }

    const wc::mac_address host_mac{"02:00:00:00:00:01"}, peer_mac{"02:00:00:00:00:02"};
    const wc::ipv4_address host{"192.0.2.1"}, peer{"192.0.2.2"};  // RFC 5737 documentation range
    const std::uint16_t identifier = 0x1234;
    const std::uint64_t start_ns = 1'700'000'000'000'000'000ull;

    wc::pcap_writer capture(wc::link_type::ethernet, /*nanosecond=*/false);
    std::array<std::byte, 128> frame{};
    for (int i = 0; i < count; ++i) {
        const auto sequence = static_cast<std::uint16_t>(i + 1);
        const std::uint64_t sent_ns = start_ns + static_cast<std::uint64_t>(i) * 1'000'000'000ull;

        std::array<std::byte, 56> data{};
        const std::uint64_t seconds = sent_ns / 1'000'000'000;
        for (int b = 0; b < 8; ++b) data[static_cast<std::size_t>(b)] = static_cast<std::byte>(seconds >> (56 - 8 * b));
        for (std::size_t b = 8; b < data.size(); ++b) data[b] = static_cast<std::byte>(0x10 + b - 8);

        for (bool reply : {false, true}) {
            auto n = wc::serialize(wc::ethernet{.destination = reply ? host_mac : peer_mac, .source = reply ? peer_mac : host_mac, .type = wc::ethertype::ipv4} /
        wc::ipv4{.identification = static_cast<std::uint16_t>(reply ? 0x4000 + i : 0x1000 + i), .dont_fragment = true,
                         .ttl = 64, .protocol = wc::ip_protocol::icmp,
                         .source = reply ? peer : host, .destination = reply ? host : peer} /
        wc::icmp{.type = reply ? wc::icmp_type::echo_reply : wc::icmp_type::echo_request,
                         .identifier = identifier, .sequence = sequence} /
        wc::payload{data}, frame);
            if (!n) {
                std::fprintf(stderr, "craft_ping: %s\n", to_string(n.error()).c_str());
                return 1;
            }
            const auto at = sent_ns + (reply ? 350'000ull : 0);  // the reply 350 µs later
            if (auto added = capture.add(std::span<const std::byte>(frame).first(*n), at); !added) {
                std::fprintf(stderr, "craft_ping: %s\n", to_string(added.error()).c_str());
                return 1;
            }
            if (i == 0 && !reply) {  // show what was built, as the library parses it back
                const auto bytes = std::span<const std::byte>(frame).first(*n);
                auto eth = wc::parse<wc::ethernet>(bytes);
                auto ip = wc::parse<wc::ipv4>(eth->payload());
                auto icmp = wc::parse<wc::icmp>(ip->payload());
                std::printf("%s\n%s\n%s\n", wc::to_string(*eth).c_str(), wc::to_string(*ip).c_str(), wc::to_string(*icmp).c_str());
            }
        }
    }
    if (!capture.save(output)) {
        std::fprintf(stderr, "craft_ping: cannot write %s\n", output.c_str());
        return 1;
    }
    std::printf("wrote %d echo requests and %d replies to %s\n", count, count, output.c_str());
    return 0;
}
