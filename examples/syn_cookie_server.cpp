// syn_cookie_server: a TCP echo responder that answers every SYN with a SYN cookie and keeps
// nothing for half-open connections. Only an ACK carrying a valid cookie creates a connection,
// rebuilt from the cookie and run by wirecraft's TCP connection machine. It echoes what the
// client sends and closes when the client does.
//
//   syn_cookie_server INTERFACE OUR_MAC OUR_IPV4 OUR_IPV6 PORT [CONNECTIONS [SECONDS]]
//
// The server works on whole Ethernet frames through an AF_PACKET socket (root), with no IP
// stack of its own. Give INTERFACE no addresses, so that the kernel never answers for the port
// itself with a RST. tests/live/syn_cookie_check.sh runs it in a private network namespace
// against the Linux kernel's own TCP clients. It stops after CONNECTIONS connections have closed
// (default 4) or after SECONDS (default 30), and prints one line per event and then a summary.
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <wirecraft/flow/syn_cookie.hpp>
#include <wirecraft/wirecraft.hpp>

#include "linux_raw_socket.hpp"

namespace wc = wirecraft;

namespace {

struct counters {
    unsigned syns = 0, valid = 0, expired = 0, forged = 0, completed = 0;
    std::size_t most_connections = 0;
};

// A connection that a valid cookie opened, with the echo it still has to send.
struct connection {
    wc::tcp_connection machine;
    std::vector<std::byte> outbox{};
};

class server {
public:
    server(linux_raw::raw_socket& socket, wc::mac_address mac, wc::ipv4_address ipv4, wc::ipv6_address ipv6, std::uint16_t port,
           const wc::syn_cookie_secret& secret)
        : socket_(socket), mac_(mac), ipv4_(ipv4), ipv6_(ipv6), port_(port), cookies_(secret) {}

    void handle(std::span<const std::byte> frame, wc::flow_time now) {
        std::optional<wc::view<wc::ethernet>> ethernet;
        std::optional<wc::view<wc::ipv4>> ipv4;
        std::optional<wc::view<wc::ipv6>> ipv6;
        std::optional<wc::view<wc::tcp>> tcp;
        wc::dissect(frame, wc::linktype_ethernet, [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            if constexpr (std::is_same_v<P, wc::ethernet>) ethernet = layer;
            if constexpr (std::is_same_v<P, wc::ipv4>) ipv4 = layer;
            if constexpr (std::is_same_v<P, wc::ipv6>) ipv6 = layer;
            if constexpr (std::is_same_v<P, wc::tcp>) tcp = layer;
        });
        if (!ethernet || !tcp || tcp->get<"destination_port">() != port_) return;
        const auto peer_mac = ethernet->get<"source">();
        if (ipv4 && ipv4->get<"destination">() == ipv4_) handle_segment(peer_mac, ipv4->get<"source">(), ipv4_, *tcp, now);
        else if (ipv6 && ipv6->get<"destination">() == ipv6_) handle_segment(peer_mac, ipv6->get<"source">(), ipv6_, *tcp, now);
    }

    const counters& count() const { return count_; }
    std::size_t open_connections() const { return connections_.size(); }

private:
    template <class Address>
    void handle_segment(const wc::mac_address& peer_mac, const Address& peer, const Address& us, const wc::view<wc::tcp>& view,
                        wc::flow_time now) {
        const auto segment = wc::tcp_event::segment::from(view);
        const std::string who = endpoint(peer, segment.source_port);

        if (auto found = connections_.find(who); found != connections_.end()) {
            auto& c = found->second;
            c.machine.process(wc::tcp_event::tick{now});
            c.machine.process(segment);
            after_event(peer_mac, peer, us, who, c);
            return;
        }
        if (segment.syn && !segment.ack && !segment.rst) {
            // Stateless: the same SYN in the same minute gets the same cookie, so a
            // retransmitted SYN needs no memory either.
            const auto cookie = cookies_.make(peer, us, segment, now);
            ++count_.syns;
            std::printf("%s: SYN seq %u -> SYN-ACK with cookie %u (keeps the client's MSS as %u); nothing kept\n", who.c_str(),
                        segment.sequence_number, cookie.sequence, cookie.mss);
            // We announce our own MSS, for a 1500-byte link, as Linux announces its advmss.
            const std::uint16_t our_mss = std::is_same_v<Address, wc::ipv4_address> ? 1460 : 1440;
            transmit(peer_mac, peer, us,
                     wc::tcp{.source_port = port_, .destination_port = segment.source_port, .sequence_number = cookie.sequence,
                             .acknowledgment_number = segment.sequence_number + 1, .ack = true, .syn = true,
                             .window = settings_.receive_window, .options = {wc::tcp_options::mss(our_mss)}},
                     {});
            return;
        }
        if (segment.ack && !segment.syn && !segment.rst) {
            const auto verdict = cookies_.check(peer, us, segment, now);
            if (!verdict) {
                ++(verdict.verdict == wc::syn_cookie_verdict::expired ? count_.expired : count_.forged);
                std::printf("%s: ACK %u: %s cookie -> RST\n", who.c_str(), segment.acknowledgment_number,
                            std::string(to_string(verdict.verdict)).c_str());
                // What LISTEN answers to an ACK: <SEQ=SEG.ACK><CTL=RST>.
                transmit(peer_mac, peer, us,
                         wc::tcp{.source_port = port_, .destination_port = segment.source_port,
                                 .sequence_number = segment.acknowledgment_number, .rst = true},
                         {});
                return;
            }
            ++count_.valid;
            auto [where, inserted] = connections_.emplace(who, connection{*wc::syn_cookie_connection(segment, verdict, settings_, now)});
            count_.most_connections = std::max(count_.most_connections, connections_.size());
            std::printf("%s: ACK: valid cookie (MSS %u, %u min old) -> %s\n", who.c_str(), verdict.mss, verdict.age,
                        std::string(where->second.machine.state_name()).c_str());
            after_event(peer_mac, peer, us, who, where->second);
        }
        // Anything else with no connection (a RST, a stray segment) is dropped: there is nothing to reset.
    }

    // Sends what the machine answered, queues received text for the echo, and sends as much of
    // the echo as the peer's window allows; closes once the peer has closed and all is echoed.
    template <class Address>
    void after_event(const wc::mac_address& peer_mac, const Address& peer, const Address& us, const std::string& who, connection& c) {
        auto& m = c.machine;
        if (m.reply()) transmit(peer_mac, peer, us, m.reply()->header, m.reply()->payload);
        if (!m.received().empty()) {
            std::printf("%s: %zu bytes received\n", who.c_str(), m.received().size());
            c.outbox.insert(c.outbox.end(), m.received().begin(), m.received().end());
        }
        while (!c.outbox.empty()) {
            m.process(wc::tcp_event::send{c.outbox});
            if (!m.reply() || m.tcb().sent == 0) break;
            transmit(peer_mac, peer, us, m.reply()->header, m.reply()->payload);
            c.outbox.erase(c.outbox.begin(), c.outbox.begin() + static_cast<std::ptrdiff_t>(m.tcb().sent));
        }
        if (c.outbox.empty() && m.is(wc::fsm::state<"CLOSE-WAIT">)) {
            m.process(wc::tcp_event::close{});
            if (m.reply()) transmit(peer_mac, peer, us, m.reply()->header, m.reply()->payload);
            std::printf("%s: the client closed; echo done, FIN sent -> %s\n", who.c_str(), std::string(m.state_name()).c_str());
        }
        if (m.is(wc::fsm::state<"CLOSED">)) {
            ++count_.completed;
            std::printf("%s: CLOSED%s%s\n", who.c_str(), m.error().empty() ? "" : ": ", std::string(m.error()).c_str());
            connections_.erase(who);
        }
    }

    template <class Address>
    void transmit(const wc::mac_address& peer_mac, const Address& peer, const Address& us, wc::tcp header,
                  std::span<const std::byte> text) {
        const wc::ethernet link{.destination = peer_mac, .source = mac_};
        std::optional<std::vector<std::byte>> frame;
        if constexpr (std::is_same_v<Address, wc::ipv4_address>)
            frame = to_optional(wc::to_bytes(link / wc::ipv4{.ttl = 64, .source = us, .destination = peer} / std::move(header) / wc::payload(text)));
        else
            frame = to_optional(wc::to_bytes(link / wc::ipv6{.hop_limit = 64, .source = us, .destination = peer} / std::move(header) / wc::payload(text)));
        if (!frame) {
            std::fprintf(stderr, "syn_cookie_server: cannot craft a segment\n");
            std::exit(1);
        }
        socket_.send(*frame);
    }

    template <class Result>
    static std::optional<std::vector<std::byte>> to_optional(Result r) {
        if (!r) return std::nullopt;
        return std::move(*r);
    }

    template <class Address>
    static std::string endpoint(const Address& a, std::uint16_t port) {
        std::string s;  // appended: g++ 12 at -O3 warns falsely (-Wrestrict) on "[" + string
        if constexpr (std::is_same_v<Address, wc::ipv4_address>) {
            s = a.to_string();
        } else {
            s.push_back('[');  // not s = "[": g++ 12 at -O3 warns falsely on that too
            s += a.to_string();
            s.push_back(']');
        }
        s += ":";
        s += std::to_string(port);
        return s;
    }

    linux_raw::raw_socket& socket_;
    wc::mac_address mac_;
    wc::ipv4_address ipv4_;
    wc::ipv6_address ipv6_;
    std::uint16_t port_;
    wc::syn_cookies cookies_;
    wc::tcp_settings settings_{.receive_window = 64240};
    std::map<std::string, connection> connections_;  // only connections whose cookie came back
    counters count_;
};

template <class T>
T parse_or_exit(const char* text, const char* what) {
    auto value = T::parse(text);
    if (!value) {
        std::fprintf(stderr, "syn_cookie_server: bad %s: %s\n", what, text);
        std::exit(2);
    }
    return *value;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: syn_cookie_server INTERFACE OUR_MAC OUR_IPV4 OUR_IPV6 PORT [CONNECTIONS [SECONDS]]\n");
        return 2;
    }
    const auto mac = parse_or_exit<wc::mac_address>(argv[2], "MAC address");
    const auto ipv4 = parse_or_exit<wc::ipv4_address>(argv[3], "IPv4 address");
    const auto ipv6 = parse_or_exit<wc::ipv6_address>(argv[4], "IPv6 address");
    const long port = std::strtol(argv[5], nullptr, 10);
    const long wanted = argc > 6 ? std::strtol(argv[6], nullptr, 10) : 4;
    const long seconds = argc > 7 ? std::strtol(argv[7], nullptr, 10) : 30;
    if (port < 1 || port > 65535 || wanted < 1 || seconds < 1) {
        std::fprintf(stderr, "syn_cookie_server: bad port, connection count or time limit\n");
        return 2;
    }

    // The two keys, fresh for each run, as Linux draws its own once per boot.
    std::random_device random;
    auto word = [&] { return (static_cast<std::uint64_t>(random()) << 32) | random(); };
    const wc::syn_cookie_secret secret{{word(), word()}, {word(), word()}};

    try {
        linux_raw::raw_socket socket(argv[1]);
        server s(socket, mac, ipv4, ipv6, static_cast<std::uint16_t>(port), secret);
        std::printf("syn_cookie_server: answering SYNs to port %ld on %s with cookies\n", port, argv[1]);
        std::fflush(stdout);
        const auto start = std::chrono::steady_clock::now();
        const auto end = start + std::chrono::seconds(seconds);
        while (s.count().completed < static_cast<unsigned>(wanted)) {
            const auto frame = socket.receive(end);
            if (!frame) break;
            s.handle(*frame, std::chrono::duration_cast<wc::flow_time>(std::chrono::steady_clock::now() - start));
            std::fflush(stdout);
        }
        const auto& c = s.count();
        std::printf("syn_cookie_server: %u SYNs answered; cookies: %u valid, %u expired, %u forged; %u connections completed, "
                    "%zu still open, at most %zu held (only a valid cookie creates one)\n",
                    c.syns, c.valid, c.expired, c.forged, c.completed, s.open_connections(), c.most_connections);
        return c.completed >= static_cast<unsigned>(wanted) ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "syn_cookie_server: %s\n", e.what());
        return 1;
    }
}
