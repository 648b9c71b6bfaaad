// TLS connections in a capture: the walk from frames to handshake machines. Each TCP
// connection is reassembled direction by direction (tcp_stream), and its bytes go to a
// tls_handshake_observer. The side that sends the SYN is the client. A connection whose SYN
// the capture missed is counted in `mid_stream()` and not followed: without the SYN, neither the
// first byte of each stream nor the client is known.
//
//   wc::tls_connection_tracker t;
//   for (auto& p : capture) t.add_frame(p.data, p.link);
//   t.finish();                                                // gaps the capture left
//   for (const auto& c : t.connections()) print(c.observer);   // examples/tls_inspect.cpp
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "conversations.hpp"
#include "tcp_stream.hpp"
#include "tls_handshake.hpp"

namespace wirecraft {

struct tls_connection {
    tcp_endpoint_address client{}, server{};
    std::size_t first_frame = 0;  // 1-based: the SYN's frame
    std::uint32_t client_initial_sequence = 0;  // the SYN's: a repeated SYN is not a new connection
    std::array<tcp_stream, 2> streams{tcp_stream(), tcp_stream()};
    std::array<std::optional<error>, 2> errors{};  // per direction (client's, server's): the first error, after which it is not read
    tls_handshake_observer observer{};

    tcp_stream& stream(tls_side s) { return streams[s == tls_side::client ? 0 : 1]; }
    std::optional<error>& error_of(tls_side s) { return errors[s == tls_side::client ? 0 : 1]; }
};

struct tls_connection_limits {
    std::size_t max_connections = 4096;  // further ones are counted in untracked()
    tcp_stream_limits stream{};
    tls_observer_limits observer{};
};

class tls_connection_tracker {
public:
    explicit tls_connection_tracker(tls_connection_limits limits = {}, reassembly_limits fragments = {})
        : limits_(limits), reassembler_(fragments) {}

    // One captured frame. A frame the capture's snap length cut short is not read: its TLS
    // bytes are incomplete (the direction then waits at the gap, as tcp_stream does).
    void add_frame(std::span<const std::byte> frame, std::uint32_t link_type, flow_time now = {}) {
        ++frames_;
        detail::find_tcp_segment(frame, link_type, reassembler_, now, false,
                                 [&](tcp_endpoint_address source, tcp_endpoint_address destination, const view<tcp>& segment) {
                                     add_segment(source, destination, segment);
                                 });
    }

    void add_segment(tcp_endpoint_address source, tcp_endpoint_address destination, const view<tcp>& segment) {
        source.port = segment.get<"source_port">();
        destination.port = segment.get<"destination_port">();
        const std::string key = detail::endpoint_pair_key(source, destination);
        const bool opening = segment.get<"syn">() && !segment.get<"ack">();
        auto found = index_.find(key);
        if (opening && (found == index_.end() || reopens(connections_[found->second], source, segment))) {
            if (connections_.size() >= limits_.max_connections) {
                ++untracked_;
                return;
            }
            index_[key] = connections_.size();
            tls_connection& c = connections_.emplace_back(tls_connection{.client = source, .server = destination, .first_frame = frames_,
                                                                         .client_initial_sequence = segment.get<"sequence_number">(),
                                                                         .streams = {tcp_stream(limits_.stream), tcp_stream(limits_.stream)},
                                                                         .observer = tls_handshake_observer(limits_.observer)});
            c.stream(tls_side::client).start(segment.get<"sequence_number">() + 1);
            return;
        }
        if (found == index_.end()) {
            if (mid_stream_keys_.size() < limits_.max_connections && mid_stream_keys_.emplace(key, 0).second) ++mid_stream_;
            return;
        }
        tls_connection& c = connections_[found->second];
        const tls_side from = source == c.client ? tls_side::client : tls_side::server;
        tcp_stream& stream = c.stream(from);
        if (segment.get<"syn">()) {  // the SYN-ACK starts the server's stream; a repeated SYN changes nothing
            if (from == tls_side::server && !stream.started()) stream.start(segment.get<"sequence_number">() + 1);
            return;
        }
        if (!stream.started() || c.error_of(from)) return;
        auto& failure = c.error_of(from);
        if (auto refused = stream.add(segment.get<"sequence_number">(), segment.payload(), segment.get<"fin">(),
                                      [&](std::span<const std::byte> bytes) {
                                          if (!failure) failure = c.observer.add(from, bytes);
                                      }))
            if (!failure) failure = refused;
    }

    // The capture has ended. A direction still waiting at a gap (segments the capture lost)
    // gives up on it: its error says where the gap starts in its stream and how long it is. What
    // was held after the gap is not read: a TLS reader cannot know where a record starts there.
    void finish() {
        for (auto& c : connections_)
            for (const tls_side side : {tls_side::client, tls_side::server}) {
                auto& failure = c.error_of(side);
                if (failure || c.stream(side).buffered() == 0) continue;
                c.stream(side).flush([](std::span<const std::byte>) {}, [&](std::uint64_t offset, std::uint64_t size) {
                    if (!failure)
                        failure = error{error_kind::truncated, "tcp_stream", {}, static_cast<std::size_t>(offset), size, 0,
                                        "lost by the capture; the direction is not read after the gap"};
                });
            }
    }

    const std::deque<tls_connection>& connections() const { return connections_; }
    std::size_t frames() const { return frames_; }
    std::size_t mid_stream() const { return mid_stream_; }  // connections whose SYN the capture missed
    std::size_t untracked() const { return untracked_; }    // connections over max_connections

private:
    // A SYN on ports already in use: a new connection unless it repeats the one that opened it.
    static bool reopens(const tls_connection& c, const tcp_endpoint_address& source, const view<tcp>& syn) {
        return !(source == c.client && syn.get<"sequence_number">() == c.client_initial_sequence);
    }

    tls_connection_limits limits_;
    ip_reassembler reassembler_;
    std::deque<tls_connection> connections_{};
    std::unordered_map<std::string, std::size_t> index_{};
    std::unordered_map<std::string, int> mid_stream_keys_{};
    std::size_t frames_ = 0, mid_stream_ = 0, untracked_ = 0;
};

}  // namespace wirecraft
