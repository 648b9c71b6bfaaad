// The engine on small synthetic schemas: every shape later protocols need.
#include <catch2/catch.hpp>

#include <wirecraft/checksum/rules.hpp>
#include <wirecraft/schema.hpp>

namespace wc = wirecraft;
using namespace wirecraft;

namespace {
enum class color : std::uint8_t { red = 1, green = 2 };
constexpr std::string_view enum_name(color c) { return c == color::red ? "red" : c == color::green ? "green" : ""; }

// Bit fields crossing byte boundaries, little-endian and 64-bit integers, an enum, a constant.
struct bitty {
    std::uint8_t a = 0;      // 3 bits
    std::uint16_t b = 0;     // 11 bits, crosses a byte boundary
    bool c = false;          // 1 bit
    std::uint8_t d = 1;      // 1 bit, constant 1
    std::uint32_t e = 0;     // little-endian 32
    std::uint64_t f = 0;     // big-endian 64
    color g{color::red};
    static consteval auto schema() {
        return wirecraft::schema<"bitty">(
            field<"a", &bitty::a>(bits<3>), field<"b", &bitty::b>(bits<11>), field<"c", &bitty::c>(),
            field<"d", &bitty::d>(bits<1>).must_be(1), field<"e", &bitty::e>(le32), field<"f", &bitty::f>(),
            field<"g", &bitty::g>());
    }
};

constexpr auto bitty_bytes = [] {
    return serialize_to_array(bitty{.a = 5, .b = 0x5a5, .c = true, .e = 0x01020304, .f = 0x1122334455667788, .g = color::green}).value();
}();
// a=101 b=10110100101 c=1 d=1 -> 1011 0110 1001 0111 = 0xb6 0x97 (worked out by hand from the bit layout)
static_assert(std::to_integer<int>(bitty_bytes[0]) == 0xb6 && std::to_integer<int>(bitty_bytes[1]) == 0x97);
static_assert(std::to_integer<int>(bitty_bytes[2]) == 0x04 && std::to_integer<int>(bitty_bytes[5]) == 0x01);  // little-endian
static_assert(std::to_integer<int>(bitty_bytes[6]) == 0x11 && std::to_integer<int>(bitty_bytes[13]) == 0x88);
static_assert(fixed_size_v<bitty> == 15);
static_assert(parse<bitty>(bitty_bytes.span())->get<"b">() == 0x5a5);
static_assert(parse<bitty>(bitty_bytes.span())->get<"e">() == 0x01020304);
static_assert(parse<bitty>(bitty_bytes.span())->get<"g">() == color::green);

// Length from an expression, a counted and a byte-length-prefixed list, a nested vector,
// a conditional field, padding, and the rest.
struct shapes {
    std::optional<std::uint8_t> name_length{};
    std::vector<std::byte> name{};
    std::vector<std::uint16_t> counted{};
    std::vector<std::vector<std::byte>> strings{};  // TLS-style: u16 total, u8-length strings
    std::uint8_t flags = 0;
    std::uint32_t extra = 0;  // present when flags & 1
    std::vector<std::byte> tail{};
    static consteval auto schema() {
        return wirecraft::schema<"shapes">(
            field<"name_length", &shapes::name_length>().computed(size_of<"name">),
            field<"name", &shapes::name>(bytes).sized_by(ref<"name_length">),
            field<"counted", &shapes::counted>(prefixed_list(1, be16_element<std::uint16_t>, prefix_counts::elements)),
            field<"strings", &shapes::strings>(prefixed_list(2, prefixed_bytes(1))),
            field<"flags", &shapes::flags>(),
            field<"extra", &shapes::extra>().when((ref<"flags"> & 1) == 1),
            padding<"align">(4),
            field<"tail", &shapes::tail>(rest));
    }
};

std::vector<std::byte> b(std::initializer_list<int> v) {
    std::vector<std::byte> out;
    for (int x : v) out.push_back(static_cast<std::byte>(x));
    return out;
}
}  // namespace

TEST_CASE("engine: variable shapes round-trip with exact bytes", "[engine_test]") {
    const shapes value{.name = b({'a', 'b'}), .counted = {1, 0x0203}, .strings = {b({'h', '2'}), b({'x'})}, .flags = 1, .extra = 0xdeadbeef, .tail = b({9, 9})};
    auto bytes = to_bytes(value);
    REQUIRE(bytes);
    // Laid out by hand from the schema: 02 'a' 'b' | 02 0001 0203 | 0005 02 'h' '2' 01 'x' | 01 | deadbeef | (20: aligned) | 09 09
    const auto expected = b({2, 'a', 'b', 2, 0, 1, 2, 3, 0, 5, 2, 'h', '2', 1, 'x', 1, 0xde, 0xad, 0xbe, 0xef, 9, 9});
    CHECK(*bytes == expected);
    auto v = parse<shapes>(*bytes);
    REQUIRE(v);
    CHECK(v->get<"extra">() == std::optional<std::uint32_t>{0xdeadbeef});
    CHECK(v->get<"counted">().count() == 2);
    CHECK(v->get<"strings">().count() == 2);
    CHECK(v->get<"tail">().size() == 2);
    CHECK(wc::equal(to_owned(*v), shapes{.name_length = 2, .name = value.name, .counted = value.counted, .strings = value.strings, .flags = 1, .extra = 0xdeadbeef, .tail = value.tail}));
}

TEST_CASE("engine: absent conditional field and its layout", "[engine_test]") {
    auto bytes = to_bytes(shapes{.flags = 0, .tail = b({7})});
    REQUIRE(bytes);
    CHECK(*bytes == b({0, 0, 0, 0, 0, /* padding to 8 */ 0, 0, 0, 7}));  // 5 header bytes, then 3 of padding
    auto v = parse<shapes>(*bytes);
    REQUIRE(v);
    CHECK(!v->get<"extra">());
}

TEST_CASE("engine: precise errors", "[engine_test]") {
    SECTION("constant") {
        auto bad = bitty_bytes;
        bad.data[1] = std::byte{0x96};  // d = 0
        auto r = parse<bitty>(bad.span());
        REQUIRE(!r);
        CHECK(to_string(r.error()) == "bitty.d: is 0, must be 1 (byte offset 1)");
    }
    SECTION("length past the end") {
        auto r = parse<shapes>(b({5, 'a'}));
        REQUIRE(!r);
        CHECK(to_string(r.error()) == "shapes.name_length: says 6 bytes, 2 available (byte offset 0)");
    }
    SECTION("nested prefix past its area") {
        auto r = parse<shapes>(b({0, 0, 0, 3, 5, 'a'}));
        REQUIRE(!r);
        CHECK(r.error().field == "strings");
        CHECK(r.error().kind == error_kind::length_inconsistent);
    }
    SECTION("value too large for its bits on serialize") {
        auto r = to_bytes(bitty{.a = 9});
        REQUIRE(!r);
        CHECK(to_string(r.error()) == "bitty.a: value 9 does not fit in 3 bits (byte offset 0)");
    }
    SECTION("buffer too small") {
        std::array<std::byte, 4> small{};
        auto r = serialize(bitty{}, small);
        REQUIRE(!r);
        CHECK(r.error().kind == error_kind::buffer_too_small);
    }
}

namespace {
// A custom codec: a NUL-terminated string, for formats no declaration covers.
struct c_string {
    using owned_type = std::string;
    using view_type = std::string_view;
    static constexpr bool self_delimiting = true;
    constexpr result<std::size_t> measure(std::span<const std::byte> in, const location& where) const {
        for (std::size_t i = 0; i < in.size(); ++i)
            if (in[i] == std::byte{0}) return i + 1;
        return where.fail(error_kind::malformed, in.size(), 0, 0, "no terminating NUL");
    }
    std::string_view view_of(std::span<const std::byte> in) const {  // reinterpret_cast: not constexpr
        return {reinterpret_cast<const char*>(in.data()), in.size() - 1};
    }
    constexpr std::string to_owned(std::string_view v) const { return std::string(v); }
    constexpr std::size_t size(const std::string& s) const { return s.size() + 1; }
    constexpr result<std::size_t> write(const std::string& s, std::span<std::byte> out, const location&) const {
        for (std::size_t i = 0; i < s.size(); ++i) out[i] = static_cast<std::byte>(s[i]);
        out[s.size()] = std::byte{0};
        return s.size() + 1;
    }
};
struct greeting {
    std::string text{};
    std::uint8_t after = 0;
    static consteval auto schema() {
        return wirecraft::schema<"greeting">(field<"text", &greeting::text>(c_string{}), field<"after", &greeting::after>());
    }
};
}  // namespace

TEST_CASE("engine: custom codec hook", "[engine_test]") {
    auto bytes = to_bytes(greeting{.text = "hi", .after = 7});
    REQUIRE(bytes);
    CHECK(*bytes == b({'h', 'i', 0, 7}));
    auto v = parse<greeting>(*bytes);
    REQUIRE(v);
    CHECK(v->get<"text">() == "hi");
    CHECK(v->get<"after">() == 7);
    auto bad = parse<greeting>(b({'h', 'i'}));
    REQUIRE(!bad);
    CHECK(to_string(bad.error()) == "greeting.text: malformed (no terminating NUL) (byte offset 2)");
}

TEST_CASE("engine: printing names enums and fields", "[engine_test]") {
    auto v = parse<bitty>(bitty_bytes.span());
    REQUIRE(v);
    const auto text = to_string(*v);
    CHECK(text.find("bitty\n  a: 5\n  b: 1445\n  c: true") == 0);
    CHECK(text.find("g: green (2)") != std::string::npos);
}
