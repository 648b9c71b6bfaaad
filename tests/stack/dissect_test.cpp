// The walk itself, on two small protocols of our own: a `box` that holds `item`s, each a type, a
// length and that many octets, read one after another (repeats_when); an item of type 1 holds
// another box. What is visited, in which order, how deep, and what is left as payload.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <wirecraft/stack/dissect.hpp>

namespace wc = wirecraft;

namespace {
struct box {
    std::uint8_t tag = 0xb0;
    static consteval auto schema() { return wc::schema<"box">(wc::field<"tag", &box::tag>()); }
};
struct item {
    std::uint8_t type = 0;
    std::uint8_t length = 0;
    static consteval auto schema() {
        return wc::schema<"item">(wc::field<"type", &item::type>(), wc::field<"length", &item::length>())
            .total_size(wc::ref<"length"> + 2);
    }
};
constexpr std::size_t whole_item(wc::detail::bytes_view b) {
    return b.size() >= 2 && std::to_integer<std::size_t>(b[1]) + 2 <= b.size() ? std::to_integer<std::size_t>(b[1]) + 2 : 0;
}
struct box_holds_items {
    static constexpr bool partial = false;
    static constexpr bool matches(const wc::view<box>& v) { return whole_item(v.payload()) != 0; }
};
struct another_item {
    static constexpr bool matches(wc::detail::bytes_view rest) { return whole_item(rest) != 0 && rest[0] != std::byte{0xff}; }
};
struct item_holds_a_box {
    static constexpr bool partial = false;
    static constexpr bool matches(const wc::view<item>& v) { return v.get<"type">() == 1 && !v.payload().empty(); }
};
using registry = wc::bindings<wc::entry<wc::link_types, 9999, box>, wc::follows_when<box, item, box_holds_items>,
                              wc::repeats_when<item, another_item>, wc::follows_when<item, box, item_holds_a_box>>;

struct walk {
    std::string names;
    wc::dissect_result result;
};
walk walk_of(const std::vector<std::uint8_t>& octets, wc::dissect_options options = {}) {
    static std::vector<std::byte> bytes;  // outlives the call: the result's payload points into it
    bytes.assign(reinterpret_cast<const std::byte*>(octets.data()), reinterpret_cast<const std::byte*>(octets.data()) + octets.size());
    walk w;
    w.result = wc::dissect<registry>(bytes, 9999, [&](const auto& layer) {
        using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
        if (!w.names.empty()) w.names += ' ';
        w.names += decltype(P::schema())::name;
        if constexpr (std::is_same_v<P, item>) w.names += std::to_string(layer.template get<"type">());
    }, options);
    return w;
}
}  // namespace

TEST_CASE("dissect: repeated layers are read one after another, each with what it holds", "[dissect_test]") {
    // box, then items 5 (2 octets), 1 (holding a box with item 7) and 6 (none).
    const auto w = walk_of({0xb0, 5, 2, 0xaa, 0xbb, 1, 3, 0xb0, 7, 0, 6, 0});
    CHECK(w.names == "box item5 item1 box item7 item6");
    CHECK(w.result.ok());
    CHECK(w.result.layers == 6);
    CHECK(w.result.payload.empty());
}

TEST_CASE("dissect: what follows the last whole repeated layer is the payload", "[dissect_test]") {
    auto w = walk_of({0xb0, 5, 1, 0xaa, 6, 4, 0xcc});  // item 6 says 4 octets, 1 is there
    CHECK(w.names == "box item5");
    CHECK(w.result.ok());
    REQUIRE(w.result.payload.size() == 3);
    CHECK(w.result.payload[0] == std::byte{6});
    w = walk_of({0xb0, 5, 0, 0xff, 0});  // the rule refuses type 0xff
    CHECK(w.names == "box item5");
    CHECK(w.result.payload.size() == 2);
}

TEST_CASE("dissect: repeated layers add no depth; layers inside one another do", "[dissect_test]") {
    // 100 items beside one another: far more than max_layers (24), all read.
    std::vector<std::uint8_t> flat(1 + 2 * 100, 0);  // sized, then filled: g++ 12 -O3 misreads inserts of lists
    flat[0] = 0xb0;
    for (std::size_t i = 0; i < 100; ++i) flat[1 + 2 * i] = 9;
    auto w = walk_of(flat);
    CHECK(w.result.ok());
    CHECK(w.result.layers == 101);
    CHECK(w.result.deepest == 2);
    // Boxes in items in boxes: each item 1 holds a box, 2 layers a level. With max_layers 6 the
    // seventh layer inside the others is refused, at its offset.
    std::vector<std::uint8_t> nested(18, 0);
    nested[0] = 0xb0;
    for (std::size_t level = 0; level < 5; ++level) {
        nested[1 + 3 * level] = 1;
        nested[2 + 3 * level] = static_cast<std::uint8_t>(15 - 3 * level);
        nested[3 + 3 * level] = 0xb0;
    }
    nested[16] = 7;
    w = walk_of(nested, wc::dissect_options{.max_layers = 6});
    REQUIRE_FALSE(w.result.ok());
    CHECK(w.result.failure->kind == wc::error_kind::limit_exceeded);
    CHECK(w.result.failure->offset == 9);  // the fourth box: box item box item box item | box
    CHECK(w.result.layers == 6);
    CHECK(w.result.deepest == 6);
    w = walk_of(nested);
    CHECK(w.result.ok());
    CHECK(w.result.deepest == 12);
    CHECK(w.names == "box item1 box item1 box item1 box item1 box item1 box item7");
}

TEST_CASE("dissect: a rule for whole messages is not asked about bytes cut short", "[dissect_test]") {
    // The same box and items, from a frame the snap length cut (cut_short): the box alone, its
    // items left as payload (box_holds_items says partial = false).
    const auto w = walk_of({0xb0, 5, 2, 0xaa, 0xbb, 6, 0}, wc::dissect_options{.cut_short = true});
    CHECK(w.names == "box");
    CHECK(w.result.ok());
    CHECK(w.result.payload.size() == 6);
}
