// A Linux AF_PACKET socket on one interface: whole Ethernet frames out and in. Not part of the
// library (which does no I/O); shared by the examples and the live tests that put wirecraft's
// frames on a real wire. Needs CAP_NET_RAW (root).
#pragma once
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace linux_raw {

struct socket_error : std::runtime_error {
    explicit socket_error(const std::string& call) : std::runtime_error(call + ": " + std::strerror(errno)) {}
};

class raw_socket {
public:
    explicit raw_socket(const std::string& interface) : interface_(interface) {
        fd_ = ::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
        if (fd_ < 0) throw socket_error("socket(AF_PACKET)");
        index_ = ::if_nametoindex(interface.c_str());
        if (index_ == 0) {
            ::close(fd_);
            throw socket_error("if_nametoindex(" + interface + ")");
        }
        sockaddr_ll address{};
        address.sll_family = AF_PACKET;
        address.sll_protocol = htons(ETH_P_ALL);
        address.sll_ifindex = static_cast<int>(index_);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            throw socket_error("bind(AF_PACKET)");
        }
    }
    raw_socket(const raw_socket&) = delete;
    raw_socket& operator=(const raw_socket&) = delete;
    ~raw_socket() { ::close(fd_); }

    // The interface's own hardware address.
    std::array<std::uint8_t, 6> hardware_address() const {
        ifreq request{};
        std::snprintf(request.ifr_name, sizeof request.ifr_name, "%s", interface_.c_str());
        if (::ioctl(fd_, SIOCGIFHWADDR, &request) != 0) throw socket_error("ioctl(SIOCGIFHWADDR)");
        std::array<std::uint8_t, 6> mac{};
        for (std::size_t i = 0; i < mac.size(); ++i) mac[i] = static_cast<std::uint8_t>(request.ifr_hwaddr.sa_data[i]);
        return mac;
    }

    void send(std::span<const std::byte> frame) {
        const auto sent = ::send(fd_, frame.data(), frame.size(), 0);
        if (sent != static_cast<ssize_t>(frame.size())) throw socket_error("send");
    }

    // The next frame the interface receives (our own outgoing frames are skipped), or nothing
    // once `deadline` has passed.
    std::optional<std::vector<std::byte>> receive(std::chrono::steady_clock::time_point deadline) {
        std::array<std::byte, 65536> buffer;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            pollfd waiting{fd_, POLLIN, 0};
            const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno != EINTR) throw socket_error("poll");
            if (ready <= 0) continue;
            sockaddr_ll from{};
            socklen_t from_size = sizeof from;
            const auto n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_size);
            if (n < 0) throw socket_error("recvfrom");
            if (from.sll_pkttype == PACKET_OUTGOING) continue;
            return std::vector<std::byte>(buffer.begin(), buffer.begin() + n);
        }
    }

private:
    std::string interface_;
    int fd_ = -1;
    unsigned index_ = 0;
};

}  // namespace linux_raw
