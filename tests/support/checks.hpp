// Test support shared by the protocol tests: Catch2 checks over the corpus helpers.
#pragma once
#include <catch2/catch.hpp>

#include "support/corpus.hpp"

namespace wctest {

// Every value we report under `prefixes` equals tshark's, on at least `minimum` values.
inline void check_tshark_agreement(const std::vector<std::string>& prefixes, std::size_t minimum) {
    auto [compared, bad] = agreement(prefixes);
    for (std::size_t i = 0; i < bad.size() && i < 20; ++i) UNSCOPED_INFO(bad[i]);
    CHECK(bad.empty());
    CHECK(compared > minimum);
}

// The first frame of a corpus capture, with the file kept alive beside it.
struct loaded_frame {
    std::vector<std::byte> file;
    wirecraft::capture_packet packet;
};
inline loaded_frame nth_frame(const std::string& capture, int number) {
    loaded_frame f{load(data_dir() + "/captures/" + capture), {}};
    auto reader = wirecraft::capture_reader::open(f.file);
    REQUIRE(reader);
    for (int i = 1; i <= number; ++i) {
        auto packet = reader->next();
        REQUIRE(packet);
        REQUIRE(*packet);
        f.packet = **packet;
    }
    return f;
}
inline loaded_frame first_frame(const std::string& capture) { return nth_frame(capture, 1); }

// A dissect visitor that keeps the last layer of protocol P it sees.
template <class P>
struct layer_finder {
    std::optional<wirecraft::view<P>> layer{};
    template <class Q>
    void operator()(const wirecraft::view<Q>& v) {
        if constexpr (std::is_same_v<Q, P>) layer = v;
    }
};

}  // namespace wctest
