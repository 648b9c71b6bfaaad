// A DHCP client on a raw socket: DISCOVER -> OFFER -> REQUEST -> ACK (RFC 2131 3.1), the lease
// printed, then RELEASE. Every frame is crafted with wirecraft (Ethernet / IPv4 / UDP / DHCP)
// and every answer is parsed with it; the interface needs no address of its own.
//
//   dhcp_client INTERFACE [--pcap FILE] [--keep]
//
//   --pcap FILE  also write the exchange (our frames and the server's answers) to FILE
//   --keep       keep the lease: do not send RELEASE
//
// Needs root (CAP_NET_RAW). Waiting is bounded: each answer gets 3 s and 3 tries.
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <wirecraft/dissection/summary.hpp>
#include <wirecraft/wirecraft.hpp>

#include "linux_raw_socket.hpp"

namespace wc = wirecraft;
using kind = wc::dhcp_option_kind;

namespace {

struct failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What we ask the server for: subnet mask, router, DNS servers, domain name, broadcast address,
// NTP servers, lease time, server identifier, renewal and rebinding times.
const std::vector<std::uint8_t> parameters = {1, 3, 6, 15, 28, 42, 51, 54, 58, 59};

// Where a client without an address sends: the broadcast addresses of Ethernet and IPv4.
const wc::mac_address broadcast_mac{"ff:ff:ff:ff:ff:ff"};
const wc::ipv4_address broadcast_ip{"255.255.255.255"};

// A received DHCP answer and the frame it came in.
struct answer {
    std::vector<std::byte> frame;
    wc::mac_address server_mac;
    wc::view<wc::dhcp> message;
};

class client {
public:
    client(const std::string& interface, std::optional<std::string> pcap_path)
        : socket_(interface), pcap_path_(std::move(pcap_path)), capture_(wc::link_type::ethernet, /*nanosecond=*/false) {
        const auto octets = socket_.hardware_address();
        for (std::size_t i = 0; i < 6; ++i) mac_.octets[i] = octets[i];
        std::random_device random;
        xid_ = random();
    }

    const wc::mac_address& mac() const { return mac_; }
    std::uint32_t xid() const { return xid_; }

    // Broadcasts `message` (from 0.0.0.0) and waits for the server's answer of type `wanted`.
    answer broadcast_and_wait(const wc::dhcp& message, wc::dhcp_message_type wanted) {
        const auto frame = craft(message, broadcast_mac, wc::ipv4_address{}, broadcast_ip);
        for (int attempt = 1; attempt <= 3; ++attempt) {
            send(frame);
            if (auto reply = wait(wanted)) return std::move(*reply);
            std::printf("  (no answer within 3 s, attempt %d of 3)\n", attempt);
        }
        throw failure("no DHCP " + std::string(enum_name(wanted)) + " from any server");
    }

    // Sends `message` to the server by unicast (RELEASE): no answer is expected.
    void unicast(const wc::dhcp& message, const wc::mac_address& server_mac, const wc::ipv4_address& from, const wc::ipv4_address& server) {
        send(craft(message, server_mac, from, server));
    }

    void save_capture() {
        if (pcap_path_ && !capture_.save(*pcap_path_)) throw failure("cannot write " + *pcap_path_);
    }

private:
    std::vector<std::byte> craft(const wc::dhcp& message, const wc::mac_address& to_mac, const wc::ipv4_address& from, const wc::ipv4_address& to) {
        auto frame = wc::to_bytes(wc::ethernet{.destination = to_mac, .source = mac_} / wc::ipv4{.ttl = 64, .source = from, .destination = to} /
                                  wc::udp{.source_port = 68, .destination_port = 67} / message);
        if (!frame) throw failure("crafting failed: " + to_string(frame.error()));
        return std::move(*frame);
    }

    void send(const std::vector<std::byte>& frame) {
        std::printf("sent      %s\n", summary_of(frame).c_str());
        socket_.send(frame);
        record(frame);
    }

    // Frames until a DHCP reply to our transaction of type `wanted` (a NAK ends the exchange).
    std::optional<answer> wait(wc::dhcp_message_type wanted) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        for (int budget = 1000; budget > 0; --budget) {
            auto frame = socket_.receive(deadline);
            if (!frame) return std::nullopt;
            std::optional<wc::view<wc::ethernet>> link;
            std::optional<wc::view<wc::dhcp>> message;
            wc::dissect(*frame, wc::linktype_ethernet, [&](const auto& layer) {
                using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
                if constexpr (std::is_same_v<P, wc::ethernet>) link = layer;
                if constexpr (std::is_same_v<P, wc::dhcp>) message = layer;
            });
            if (!link || !message || message->get<"op">() != wc::dhcp_op::reply || message->get<"transaction_id">() != xid_) continue;
            std::printf("received  %s\n", summary_of(*frame).c_str());
            record(*frame);
            const auto type = wc::message_type_of(*message);
            if (type == wc::dhcp_message_type::nak) throw failure("the server refused: DHCP NAK");
            if (type != wanted) continue;
            // Moving a vector keeps its buffer, so the view stays valid in the answer.
            const auto server_mac = link->get<"source">();
            return answer{std::move(*frame), server_mac, *message};
        }
        return std::nullopt;
    }

    static std::string summary_of(std::span<const std::byte> frame) {
        std::string s;
        wc::dissect(frame, wc::linktype_ethernet, [&](const auto& layer) {
            if (!s.empty()) s += " / ";
            s += wc::summary(layer);
        });
        return s;
    }

    void record(std::span<const std::byte> frame) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        (void)capture_.add(frame, static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
    }

    linux_raw::raw_socket socket_;
    std::optional<std::string> pcap_path_;
    wc::pcap_writer capture_;
    wc::mac_address mac_{};
    std::uint32_t xid_ = 0;
};

// One option's typed value, or a failure naming what the server got wrong.
template <kind K>
std::optional<wc::tlv_body_type<K>> option(const wc::view<wc::dhcp>& message) {
    auto value = wc::dhcp_option_value<K>(message);
    if (!value) throw failure("the server's " + std::string(enum_name(K)) + " option: " + to_string(value.error()));
    return *value;
}

std::string addresses(const std::vector<wc::ipv4_address>& list) {
    std::string s;
    for (const auto& a : list) {
        if (!s.empty()) s += ',';
        s += a.to_string();
    }
    return s;
}

void print_lease(const wc::view<wc::dhcp>& ack) {
    auto line = [](const char* name, const std::string& value) { std::printf("  %-15s %s\n", name, value.c_str()); };
    std::printf("lease\n");
    line("address", ack.get<"your_address">().to_string());
    if (auto v = option<kind::server_identifier>(ack)) line("server", v->address.to_string());
    if (auto v = option<kind::subnet_mask>(ack)) line("subnet_mask", v->address.to_string());
    if (auto v = option<kind::broadcast_address>(ack)) line("broadcast", v->address.to_string());
    if (auto v = option<kind::router>(ack)) line("routers", addresses(v->addresses));
    if (auto v = option<kind::domain_name_server>(ack)) line("dns_servers", addresses(v->addresses));
    if (auto v = option<kind::ntp_servers>(ack)) line("ntp_servers", addresses(v->addresses));
    if (auto v = option<kind::domain_name>(ack)) line("domain_name", v->text);
    if (auto v = option<kind::lease_time>(ack)) line("lease_time", std::to_string(v->seconds));
    if (auto v = option<kind::renewal_time>(ack)) line("renewal_time", std::to_string(v->seconds));
    if (auto v = option<kind::rebinding_time>(ack)) line("rebinding_time", std::to_string(v->seconds));
}

int run(const std::string& interface, const std::optional<std::string>& pcap, bool keep) {
    client c(interface, pcap);
    std::printf("client %s on %s, transaction 0x%08x\n", c.mac().to_string().c_str(), interface.c_str(), c.xid());

    const auto offer = c.broadcast_and_wait(wc::dhcp_discover(c.mac(), c.xid(), parameters), wc::dhcp_message_type::offer);
    const auto offered = offer.message.get<"your_address">();
    const auto server = option<kind::server_identifier>(offer.message);
    if (!server) throw failure("the OFFER has no server identifier (option 54)");

    const auto ack = c.broadcast_and_wait(wc::dhcp_request(c.mac(), c.xid(), offered, server->address, parameters), wc::dhcp_message_type::ack);
    if (ack.message.get<"your_address">() != offered)
        throw failure("the ACK gives " + ack.message.get<"your_address">().to_string() + ", not the offered " + offered.to_string());
    print_lease(ack.message);

    if (!keep) {
        c.unicast(wc::dhcp_release(c.mac(), c.xid(), offered, server->address), ack.server_mac, offered, server->address);
        std::printf("released %s\n", offered.to_string().c_str());
    }
    c.save_capture();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<std::string> interface, pcap;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--pcap" && i + 1 < argc) pcap = argv[++i];
        else if (arg == "--keep") keep = true;
        else if (!interface && !arg.starts_with("-")) interface = std::string(arg);
        else interface.reset(), i = argc;
    }
    if (!interface) {
        std::fprintf(stderr, "usage: dhcp_client INTERFACE [--pcap FILE] [--keep]\n");
        return 2;
    }
    try {
        return run(*interface, pcap, keep);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dhcp_client: %s\n", e.what());
        return 1;
    }
}
