// The live check: packets crafted by wirecraft, sent on a raw socket to a real Linux kernel, and
// the kernel's answers parsed back. netns_check.sh builds the private network (two namespaces
// joined by a veth pair) and runs this program on each side:
//
//   netns_check listen PORT [INTERFACE]     (in the peer namespace) a TCP listener on [::]:PORT,
//                                           checksum offload off on INTERFACE so the kernel's
//                                           segments carry finished checksums; exits by itself
//                                           after 60 s
//   netns_check probe INTERFACE OUR_MAC PEER_MAC OUR_IPV4 PEER_IPV4 OUR_IPV6 PEER_IPV6 PORT
//                                           (in our namespace) sends an ICMP echo request, a TCP
//                                           SYN to PORT, both over IPv4 and over IPv6, and checks
//                                           the kernel's echo replies and SYN-ACKs
//
// The kernel drops packets whose checksums are wrong, so an answer proves the crafted checksums
// right; the answers' own checksums, lengths and fields are then checked by our parsers. Waiting
// is bounded (a deadline per exchange and a frame count), never asserted as a speed.
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wirecraft/dissection/summary.hpp>
#include <wirecraft/wirecraft.hpp>

#include "../../examples/linux_raw_socket.hpp"

namespace wc = wirecraft;

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "netns_check: FAILED: %s\n", what.c_str());
    std::exit(1);
}

std::string system_error(const char* call) { return std::string(call) + ": " + std::strerror(errno); }

template <class T>
T parse_or_fail(std::string_view text, const char* what) {
    auto value = T::parse(text);
    if (!value) fail(std::string("bad ") + what + ": " + std::string(text));
    return *value;
}

std::uint16_t port_or_fail(const char* text) {
    const long port = std::strtol(text, nullptr, 10);
    if (port < 1 || port > 65535) fail(std::string("bad port: ") + text);
    return static_cast<std::uint16_t>(port);
}

// ---- listen: the peer's side ----

// veth hands segments to its peer with the checksum left for hardware to finish; turning
// transmit checksum offload off makes the kernel compute it, so the probe sees final bytes.
void transmit_checksum_offload_off(const char* interface) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) fail(system_error("socket"));
    ethtool_value value{};
    value.cmd = ETHTOOL_STXCSUM;
    value.data = 0;
    ifreq request{};
    std::snprintf(request.ifr_name, sizeof request.ifr_name, "%s", interface);
    request.ifr_data = reinterpret_cast<char*>(&value);
    if (::ioctl(fd, SIOCETHTOOL, &request) != 0) fail(system_error("ioctl(SIOCETHTOOL, ETHTOOL_STXCSUM)"));
    ::close(fd);
}

int listen_main(std::uint16_t port, const char* interface) {
    if (interface) transmit_checksum_offload_off(interface);
    const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) fail(system_error("socket"));
    const int off = 0, on = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);  // IPv4 too, as mapped addresses
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    address.sin6_addr = in6addr_any;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail(system_error("bind"));
    if (::listen(fd, 8) != 0) fail(system_error("listen"));
    std::printf("listening on [::]:%u\n", port);
    std::fflush(stdout);
    ::sleep(60);  // the kernel answers SYNs by itself; accept() is not needed
    ::close(fd);
    return 0;
}

// ---- probe: our side ----

struct probe_plan {
    std::string interface;
    wc::mac_address our_mac, peer_mac;
    wc::ipv4_address our_ipv4, peer_ipv4;
    wc::ipv6_address our_ipv6, peer_ipv6;
    std::uint16_t port = 0;
};

using linux_raw::raw_socket;

// What the walk of one received frame found, layer by layer.
struct received {
    std::optional<wc::view<wc::ipv4>> ipv4;
    std::optional<wc::view<wc::ipv6>> ipv6;
    std::optional<wc::view<wc::icmp>> icmp;
    std::optional<wc::view<wc::icmpv6>> icmpv6;
    std::optional<wc::view<wc::tcp>> tcp;
    std::vector<std::string> summaries;
    wc::dissect_result walk;
};

received walk(std::span<const std::byte> frame) {
    received r;
    auto visit = [&](const auto& layer) {
        using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
        r.summaries.push_back(wc::summary(layer));
        if constexpr (std::is_same_v<P, wc::ipv4>) r.ipv4 = layer;
        if constexpr (std::is_same_v<P, wc::ipv6>) r.ipv6 = layer;
        if constexpr (std::is_same_v<P, wc::icmp>) r.icmp = layer;
        if constexpr (std::is_same_v<P, wc::icmpv6>) r.icmpv6 = layer;
        if constexpr (std::is_same_v<P, wc::tcp>) r.tcp = layer;
    };
    r.walk = wc::dissect(frame, wc::linktype_ethernet, visit);
    return r;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : " / ") + p;
    return s;
}

// Sends `frame`, then reads frames until `matches` accepts one (returned) or the deadline or the
// frame budget runs out (a failure naming `what`). Frames that are not the answer (the peer's
// router solicitations, MLD reports, ...) are shown and skipped.
template <class Matches>
std::vector<std::byte> exchange(raw_socket& socket, std::span<const std::byte> frame, const char* what, Matches matches) {
    std::printf("sent      %s\n", joined(walk(frame).summaries).c_str());
    socket.send(frame);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (int budget = 1000; budget > 0; --budget) {
        auto answer = socket.receive(deadline);
        if (!answer) break;
        const auto r = walk(*answer);
        if (matches(r)) {
            std::printf("received  %s\n", joined(r.summaries).c_str());
            return *answer;
        }
        std::printf("  (other  %s)\n", joined(r.summaries).c_str());
    }
    fail(std::string("no ") + what + " within 5 s (the kernel drops packets with wrong checksums or lengths)");
}

void require(bool condition, const std::string& what) {
    if (!condition) fail(what);
}

void require_no_error(const std::optional<wc::error>& e, const std::string& where) {
    if (e) fail(where + ": " + to_string(*e));
}

std::vector<std::byte> echo_data() {
    std::vector<std::byte> data;
    for (int i = 0; i < 48; ++i) data.push_back(static_cast<std::byte>(0x20 + i));
    return data;
}

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::vector<wc::tcp_option> syn_options() {
    namespace opt = wc::tcp_options;
    return {opt::mss(1400), opt::sack_permitted(), opt::timestamps(0x01020304, 0), opt::no_operation(), opt::window_scale(7)};
}

// The options a Linux SYN-ACK carries in answer to ours: MSS, SACK-permitted, timestamps echoing
// our value, window scale.
void check_syn_ack_options(const wc::view<wc::tcp>& tcp) {
    bool mss = false, sack_permitted = false, timestamps = false, window_scale = false;
    const auto options = tcp.get<"options">();
    for (auto option : options) {
        switch (option.kind) {
            case wc::tcp_option_kind::maximum_segment_size: {
                auto body = wc::parse<wc::tcp_mss_option>(option.data);
                require(body.has_value() && body->get<"value">() > 0, "SYN-ACK MSS option unreadable");
                mss = true;
                break;
            }
            case wc::tcp_option_kind::sack_permitted: sack_permitted = true; break;
            case wc::tcp_option_kind::timestamps: {
                auto body = wc::parse<wc::tcp_timestamps_option>(option.data);
                require(body.has_value(), "SYN-ACK timestamps option unreadable");
                require(body->get<"echo_reply">() == 0x01020304, "SYN-ACK timestamps do not echo ours");
                timestamps = true;
                break;
            }
            case wc::tcp_option_kind::window_scale: window_scale = true; break;
            default: break;
        }
    }
    require(mss && sack_permitted && timestamps && window_scale, "SYN-ACK lacks one of MSS, SACK-permitted, timestamps, window scale");
}

int probe_main(const probe_plan& plan) {
    raw_socket socket(plan.interface);
    const wc::ethernet link{.destination = plan.peer_mac, .source = plan.our_mac};
    const auto data = echo_data();
    int checks = 0;

    {  // ICMP echo over IPv4
        const auto frame = wc::to_bytes(link / wc::ipv4{.identification = 0x5101, .ttl = 64, .source = plan.our_ipv4, .destination = plan.peer_ipv4} /
                                        wc::icmp{.type = wc::icmp_type::echo_request, .identifier = 0x7701, .sequence = 1} / wc::payload{data});
        require(frame.has_value(), "craft ICMP echo");
        const auto answer = exchange(socket, *frame, "ICMP echo reply", [&](const received& r) {
            return r.ipv4 && r.icmp && r.icmp->get<"type">() == wc::icmp_type::echo_reply && r.icmp->get<"identifier">() == 0x7701;
        });
        const auto r = walk(answer);
        require(r.walk.ok(), "echo reply walk");
        require(r.ipv4->get<"source">() == plan.peer_ipv4 && r.ipv4->get<"destination">() == plan.our_ipv4, "echo reply addresses");
        require_no_error(wc::check_checksums(*r.ipv4), "echo reply IPv4 header checksum");
        require_no_error(wc::check_checksums(*r.icmp), "echo reply ICMP checksum");
        require(r.icmp->get<"sequence">() == 1, "echo reply sequence");
        require(same_bytes(r.icmp->payload(), data), "echo reply data differs from the request's");
        ++checks;
    }
    {  // ICMPv6 echo
        const auto frame = wc::to_bytes(link / wc::ipv6{.hop_limit = 64, .source = plan.our_ipv6, .destination = plan.peer_ipv6} /
                                        wc::icmpv6{.type = wc::icmpv6_type::echo_request, .identifier = 0x7702, .sequence = 2} / wc::payload{data});
        require(frame.has_value(), "craft ICMPv6 echo");
        const auto answer = exchange(socket, *frame, "ICMPv6 echo reply", [&](const received& r) {
            return r.ipv6 && r.icmpv6 && r.icmpv6->get<"type">() == wc::icmpv6_type::echo_reply && r.icmpv6->get<"identifier">() == 0x7702;
        });
        const auto r = walk(answer);
        require(r.walk.ok(), "ICMPv6 echo reply walk");
        require(r.ipv6->get<"source">() == plan.peer_ipv6 && r.ipv6->get<"destination">() == plan.our_ipv6, "ICMPv6 echo reply addresses");
        require_no_error(wc::check_checksums(*r.icmpv6, *r.ipv6), "ICMPv6 echo reply checksum (IPv6 pseudo-header)");
        require(r.icmpv6->get<"sequence">() == 2, "ICMPv6 echo reply sequence");
        require(same_bytes(r.icmpv6->payload(), data), "ICMPv6 echo reply data differs from the request's");
        ++checks;
    }

    // TCP SYN to the listener, over IPv4 then IPv6: the kernel answers SYN-ACK; we reset it after.
    auto syn_ack_matches = [&](std::uint16_t our_port, std::uint32_t sequence) {
        return [=](const received& r) {
            return r.tcp && r.tcp->get<"source_port">() == plan.port && r.tcp->get<"destination_port">() == our_port &&
                   r.tcp->get<"acknowledgment_number">() == sequence + 1;
        };
    };
    const std::uint32_t sequence = 0x10203040;
    {
        const std::uint16_t our_port = 40001;
        const auto frame = wc::to_bytes(link / wc::ipv4{.identification = 0x5102, .ttl = 64, .source = plan.our_ipv4, .destination = plan.peer_ipv4} /
                                        wc::tcp{.source_port = our_port, .destination_port = plan.port, .sequence_number = sequence, .syn = true,
                                                .window = 64240, .options = syn_options()});
        require(frame.has_value(), "craft TCP SYN");
        const auto answer = exchange(socket, *frame, "TCP SYN-ACK over IPv4", syn_ack_matches(our_port, sequence));
        const auto r = walk(answer);
        require(r.walk.ok() && r.ipv4.has_value(), "SYN-ACK walk");
        require(r.tcp->get<"syn">() && r.tcp->get<"ack">() && !r.tcp->get<"rst">(), "SYN-ACK flags");
        require_no_error(wc::check_checksums(*r.ipv4), "SYN-ACK IPv4 header checksum");
        require_no_error(wc::check_checksums(*r.tcp, *r.ipv4), "SYN-ACK TCP checksum (IPv4 pseudo-header)");
        check_syn_ack_options(*r.tcp);
        const auto reset = wc::to_bytes(link / wc::ipv4{.identification = 0x5103, .source = plan.our_ipv4, .destination = plan.peer_ipv4} /
                                        wc::tcp{.source_port = our_port, .destination_port = plan.port, .sequence_number = sequence + 1, .rst = true});
        socket.send(reset.value());
        ++checks;
    }
    {
        const std::uint16_t our_port = 40002;
        const auto frame = wc::to_bytes(link / wc::ipv6{.hop_limit = 64, .source = plan.our_ipv6, .destination = plan.peer_ipv6} /
                                        wc::tcp{.source_port = our_port, .destination_port = plan.port, .sequence_number = sequence, .syn = true,
                                                .window = 64240, .options = syn_options()});
        require(frame.has_value(), "craft TCP SYN over IPv6");
        const auto answer = exchange(socket, *frame, "TCP SYN-ACK over IPv6", syn_ack_matches(our_port, sequence));
        const auto r = walk(answer);
        require(r.walk.ok() && r.ipv6.has_value(), "SYN-ACK over IPv6 walk");
        require(r.tcp->get<"syn">() && r.tcp->get<"ack">() && !r.tcp->get<"rst">(), "SYN-ACK over IPv6 flags");
        require_no_error(wc::check_checksums(*r.tcp, *r.ipv6), "SYN-ACK TCP checksum (IPv6 pseudo-header)");
        check_syn_ack_options(*r.tcp);
        const auto reset = wc::to_bytes(link / wc::ipv6{.source = plan.our_ipv6, .destination = plan.peer_ipv6} /
                                        wc::tcp{.source_port = our_port, .destination_port = plan.port, .sequence_number = sequence + 1, .rst = true});
        socket.send(reset.value());
        ++checks;
    }
    std::printf("netns_check: %d exchanges with the Linux kernel, every answer parsed and checked\n", checks);
    return 0;
}

int usage() {
    std::fprintf(stderr,
                 "usage: netns_check listen PORT [INTERFACE]\n"
                 "       netns_check probe INTERFACE OUR_MAC PEER_MAC OUR_IPV4 PEER_IPV4 OUR_IPV6 PEER_IPV6 PORT\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view mode = argc > 1 ? argv[1] : "";
    if (mode == "listen" && (argc == 3 || argc == 4)) return listen_main(port_or_fail(argv[2]), argc == 4 ? argv[3] : nullptr);
    if (mode == "probe" && argc == 10) {
        const probe_plan plan{argv[2],
                              parse_or_fail<wc::mac_address>(argv[3], "MAC address"),
                              parse_or_fail<wc::mac_address>(argv[4], "MAC address"),
                              parse_or_fail<wc::ipv4_address>(argv[5], "IPv4 address"),
                              parse_or_fail<wc::ipv4_address>(argv[6], "IPv4 address"),
                              parse_or_fail<wc::ipv6_address>(argv[7], "IPv6 address"),
                              parse_or_fail<wc::ipv6_address>(argv[8], "IPv6 address"),
                              port_or_fail(argv[9])};
        try {
            return probe_main(plan);
        } catch (const linux_raw::socket_error& e) {
            fail(e.what());
        }
    }
    return usage();
}
