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
        const auto input1 = b({5, 'a'});
        auto r = parse<shapes>(input1);
        REQUIRE(!r);
        CHECK(to_string(r.error()) == "shapes.name_length: says 6 bytes, 2 available (byte offset 0)");
    }
    SECTION("nested prefix past its area") {
        const auto input2 = b({0, 0, 0, 3, 5, 'a'});
        auto r = parse<shapes>(input2);
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
    const auto input3 = b({'h', 'i'});
    auto bad = parse<greeting>(input3);
    REQUIRE(!bad);
    CHECK(to_string(bad.error()) == "greeting.text: malformed (no terminating NUL) (byte offset 2)");
}

namespace {
// A codec with a parse state: chunks (a length octet, then that many octets) filling the
// area. Its measure counts them and notes where the last one starts; a parsed view is handed
// that, so it knows both without walking. Viewed without a parse, it walks.
struct chunk_count {
    std::size_t chunks = 0, last = 0;
    bool measured = false;
};
struct chunks_view {
    std::span<const std::byte> area{};
    chunk_count facts{};
};
struct chunks_codec {
    using owned_type = std::vector<std::byte>;
    using view_type = chunks_view;
    using parse_state = chunk_count;
    static constexpr bool self_delimiting = false;
    constexpr result<std::size_t> measure(std::span<const std::byte> in, const location& where) const {
        chunk_count unused;
        return measure(in, where, unused);
    }
    constexpr result<std::size_t> measure(std::span<const std::byte> in, const location& where, chunk_count& state) const {
        state = {};
        for (std::size_t pos = 0; pos < in.size(); pos += 1 + std::to_integer<std::size_t>(in[pos])) {
            if (pos + 1 + std::to_integer<std::size_t>(in[pos]) > in.size()) return where.fail(error_kind::truncated, pos, 1 + std::to_integer<std::size_t>(in[pos]), in.size() - pos);
            ++state.chunks;
            state.last = pos;
        }
        state.measured = true;
        return in.size();
    }
    constexpr view_type view_of(std::span<const std::byte> in) const {
        chunk_count walked;
        (void)measure(in, location{}, walked);
        walked.measured = false;  // found by the view itself
        return {in, walked};
    }
    constexpr view_type view_of(std::span<const std::byte> in, const chunk_count& state) const { return {in, state}; }
    constexpr owned_type to_owned(const view_type& v) const { return {v.area.begin(), v.area.end()}; }
    constexpr std::size_t size(const owned_type& v) const { return v.size(); }
    constexpr result<std::size_t> write(const owned_type& v, std::span<std::byte> out, const location&) const {
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
        return v.size();
    }
};
static_assert(stateful_codec<chunks_codec>);
static_assert(!stateful_codec<c_string>);
static_assert(stateful_codec<prefixed_area_codec<chunks_codec>>);        // wrappers pass it on
static_assert(!stateful_codec<prefixed_area_codec<prefixed_bytes_codec>>);
struct chunked {
    std::uint8_t kind = 0;
    std::vector<std::byte> chunks{};
    static consteval auto schema() {
        return wirecraft::schema<"chunked">(field<"kind", &chunked::kind>(), field<"chunks", &chunked::chunks>(prefixed_area(1, chunks_codec{})));
    }
};
}  // namespace

TEST_CASE("engine: a codec's parse state reaches the parsed view", "[engine_test]") {
    // kind 9, 8 octets of chunks: [2: a b] [0] [3: c d e]
    const auto bytes = b({9, 8, 2, 'a', 'b', 0, 3, 'c', 'd', 'e'});
    auto v = parse<chunked>(bytes);
    REQUIRE(v);
    static_assert(view<chunked>::stateful_field == 1);
    CHECK(v->parse_state().measured);
    CHECK(v->parse_state().chunks == 3);
    const auto chunks = v->get<"chunks">();
    CHECK(chunks.facts.measured);  // handed over, not walked again
    CHECK(chunks.facts.chunks == 3);
    CHECK(chunks.facts.last == 4);
    CHECK(chunks.area.size() == 8);
    // The same bytes viewed without a parse: the view walks and finds the same.
    const auto walked = prefixed_area(1, chunks_codec{}).view_of(std::span(bytes).subspan(1));
    CHECK_FALSE(walked.facts.measured);
    CHECK(walked.facts.chunks == 3);
    CHECK(walked.facts.last == 4);
    // Its measure's errors are the field's, at the chunk's offset.
    const auto bad = b({9, 4, 2, 'a', 'b', 5});
    auto e = parse<chunked>(bad);
    REQUIRE_FALSE(e);
    CHECK(e.error().field == "chunks");
    CHECK(e.error().offset == 5);
    // A protocol without one has an empty state.
    static_assert(view<greeting>::stateful_field == schema_t<greeting>::field_count);
    auto round = to_bytes(to_owned(*v));
    REQUIRE(round);
    CHECK(*round == bytes);
}

TEST_CASE("engine: printing names enums and fields", "[engine_test]") {
    auto v = parse<bitty>(bitty_bytes.span());
    REQUIRE(v);
    const auto text = to_string(*v);
    CHECK(text.find("bitty\n  a: 5\n  b: 1445\n  c: set") == 0);
    CHECK(text.find("g: green (2)") != std::string::npos);
}

namespace {
// A nested schema: records (kind, length, value) inside a message, TLS/DHCP style.
struct record {
    std::uint8_t kind = 0;
    std::optional<std::uint8_t> length{};
    std::vector<std::byte> value{};
    static consteval auto schema() {
        return wirecraft::schema<"record">(
            field<"kind", &record::kind>(),
            field<"length", &record::length>().computed(size_of<"value">),
            field<"value", &record::value>(bytes).sized_by(ref<"length">));
    }
};
struct message {
    std::uint16_t id = 0;
    std::vector<record> records{};
    std::vector<std::uint64_t> small_numbers{};  // u8 each: values must fit
    static consteval auto schema() {
        return wirecraft::schema<"message">(
            field<"id", &message::id>(),
            field<"records", &message::records>(prefixed_list(1, nested<record>, prefix_counts::elements)),
            field<"small_numbers", &message::small_numbers>(prefixed_list(1, u8_element<>, prefix_counts::elements)));
    }
};
// A record variant whose total size is its length field: bytes past its fields cannot be kept.
struct sized_record {
    std::uint8_t kind = 0;
    std::uint8_t length = 2;
    static consteval auto schema() {
        return wirecraft::schema<"sized_record">(field<"kind", &sized_record::kind>(), field<"length", &sized_record::length>())
            .total_size(ref<"length">);
    }
};
struct sized_holder {
    sized_record inner{};
    static consteval auto schema() { return wirecraft::schema<"sized_holder">(field<"inner", &sized_holder::inner>(nested<sized_record>)); }
};

// A checksummed synthetic header: version constant, a total length, an RFC 1071 sum over the PDU.
struct checked {
    std::uint8_t version = 2;
    std::optional<std::uint8_t> length{};
    std::optional<std::uint16_t> checksum{};
    static consteval auto schema() {
        return wirecraft::schema<"checked">(
            field<"version", &checked::version>().must_be(2),
            field<"length", &checked::length>().computed(header_size + payload_size),
            field<"checksum", &checked::checksum>().checksum(checksum_over::pdu))
            .total_size(ref<"length">);
    }
};
struct pseudo_checked {
    std::optional<std::uint16_t> checksum{};
    static consteval auto schema() {
        return wirecraft::schema<"pseudo_checked">(field<"checksum", &pseudo_checked::checksum>().checksum(checksum_over::pseudo_header_and_pdu(0, true)));
    }
};
}  // namespace

TEST_CASE("engine: nested schemas in a counted list round-trip", "[engine_test]") {
    const message m{.id = 0x0102, .records = {record{.kind = 1, .value = b({0xaa})}, record{.kind = 2}}, .small_numbers = {7, 255}};
    auto bytes = to_bytes(m);
    REQUIRE(bytes);
    // id | 2 records: (1, 1, aa) (2, 0) | 2 numbers: 07 ff
    CHECK(*bytes == b({1, 2, 2, 1, 1, 0xaa, 2, 0, 2, 7, 255}));
    auto v = parse<message>(*bytes);
    REQUIRE(v);
    const auto owned = to_owned(*v);
    REQUIRE(owned.records.size() == 2);
    CHECK(owned.records[0].value == b({0xaa}));
    CHECK(owned.records[1].length == std::optional<std::uint8_t>{0});
    CHECK(to_bytes(owned).value() == *bytes);
    const auto input4 = b({1, 2, 1, 1, 3, 0xaa});
    auto cut = parse<message>(input4);
    REQUIRE(!cut);
    // The record starts at message byte 3: kind, length 3, so it needs 2 + 3 = 5 bytes of its own
    // and has 6 - 3 = 3. Sizes are the record's; the offset is the message's (length at byte 4).
    CHECK(to_string(cut.error()) == "record.length: says 5 bytes, 3 available (byte offset 4)");
}

TEST_CASE("engine: list elements that do not fit are an error, not truncated", "[engine_test]") {
    auto r = to_bytes(message{.small_numbers = {300}});
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "message.small_numbers: value 300 does not fit in 8 bits (byte offset 4)");
}

TEST_CASE("engine: a nested header with a total size keeps no hidden payload", "[engine_test]") {
    const auto exact = b({9, 2});  // views borrow: the bytes must outlive them
    auto fits = parse<sized_holder>(exact);
    REQUIRE(fits);
    CHECK(fits->get<"inner">().get<"kind">() == 9);
    const auto input5 = b({9, 4, 0xee, 0xee});
    auto hidden = parse<sized_holder>(input5);
    REQUIRE(!hidden);
    CHECK(to_string(hidden.error()) == "sized_holder.inner: says 4 bytes, fields end after 2 (byte offset 0)");
}

TEST_CASE("engine: checksums verified on request, with the computed value", "[engine_test]") {
    const auto payload = b({0x01, 0x02, 0x03});
    auto bytes = to_bytes(checked{}, payload);
    REQUIRE(bytes);
    // 02 07 cksum 01 02 03: RFC 1071 by hand: 0x0207 + 0x0102 + 0x0300 = 0x0609 -> ~ = 0xf9f6.
    CHECK(*bytes == b({2, 7, 0xf9, 0xf6, 1, 2, 3}));
    auto good = parse<checked>(*bytes);
    REQUIRE(good);
    CHECK(!check_checksums(*good));
    auto corrupt = *bytes;
    corrupt[6] = std::byte{0x04};  // payload changed, checksum not
    auto bad = parse<checked>(corrupt);
    REQUIRE(bad);
    auto e = check_checksums(*bad);
    REQUIRE(e);
    // 0x0207 + 0x0102 + 0x0400 = 0x0709 -> ~ = 0xf8f6 = 63734; stored 0xf9f6 = 63990.
    CHECK(to_string(*e) == "checked.checksum: checksum is 63990, computed 63734 (byte offset 2)");
}

TEST_CASE("engine: constants of the fixed prefix are checked before the total size", "[engine_test]") {
    const auto input6 = b({3, 200, 0, 0});
    auto r = parse<checked>(input6);  // wrong version and a length past the end
    REQUIRE(!r);
    CHECK(to_string(r.error()) == "checked.version: is 3, must be 2 (byte offset 0)");
}

TEST_CASE("engine: a pseudo-header checksum without a pseudo-header is an error", "[engine_test]") {
    auto r = to_bytes(pseudo_checked{});
    REQUIRE(!r);
    CHECK(r.error().kind == error_kind::malformed);
    CHECK(r.error().field == "checksum");
    CHECK(to_bytes(pseudo_checked{.checksum = 0x1234}));  // set explicitly: written as given
    serialize_context context{.has_pseudo_header = true, .pseudo_header_sum = 0};
    std::array<std::byte, 2> out{};
    // With a zero pseudo-header and protocol 0 the sum covers the length (2) only: ~0x0002 = 0xfffd.
    REQUIRE(serialize(pseudo_checked{}, out, 0, context));
    CHECK(std::to_integer<int>(out[0]) == 0xff);
    CHECK(std::to_integer<int>(out[1]) == 0xfd);
}

namespace {
// Signed members: two's complement of the field's width, as RFC 2132's time offset (32 bits) or
// a 12-bit signed quantity would be sent.
struct signed_fields {
    std::int16_t narrow = 0;  // 12 bits on the wire
    std::uint8_t flags = 0;   // the other 4 bits
    std::int32_t wide = 0;
    static consteval auto schema() {
        return wc::schema<"signed_fields">(wc::field<"narrow", &signed_fields::narrow>(wc::bits<12>),
                                           wc::field<"flags", &signed_fields::flags>(wc::bits<4>),
                                           wc::field<"wide", &signed_fields::wide>());
    }
};
}  // namespace

TEST_CASE("engine: signed integers are two's complement of their width", "[engine_test]") {
    // -2 in 12 bits is 0xffe; -18000 in 32 bits is 0xffffb9b0.
    const auto bytes = wc::to_bytes(signed_fields{.narrow = -2, .flags = 0x5, .wide = -18000}).value();
    CHECK(bytes == std::vector<std::byte>{std::byte{0xff}, std::byte{0xe5}, std::byte{0xff}, std::byte{0xff}, std::byte{0xb9}, std::byte{0xb0}});
    const auto v = wc::parse<signed_fields>(bytes).value();
    CHECK(v.get<"narrow">() == -2);
    CHECK(v.get<"flags">() == 5);
    CHECK(v.get<"wide">() == -18000);
    // The range of 12 bits is -2048 .. 2047.
    CHECK(wc::to_bytes(signed_fields{.narrow = 2047}));
    CHECK(wc::to_bytes(signed_fields{.narrow = -2048}));
    CHECK(to_string(wc::to_bytes(signed_fields{.narrow = 2048}).error()) == "signed_fields.narrow: value 2048 does not fit in 12 bits (byte offset 0)");
    CHECK(wc::to_bytes(signed_fields{.narrow = -2049}).error().kind == wc::error_kind::value_too_large);
}

namespace {
// Declared vector bounds (`<min..max>`), byte- and element-counted, and an area.
struct bounded {
    std::vector<std::byte> name{};
    std::vector<std::uint16_t> values{};
    std::vector<std::uint8_t> counted{};
    std::vector<std::vector<std::byte>> area{};
    static consteval auto schema() {
        return wc::schema<"bounded">(
            field<"name", &bounded::name>(prefixed_bytes(1).length_within(1, 4)),
            field<"values", &bounded::values>(prefixed_list(1, be16_element<std::uint16_t>).length_within(2, 4)),
            field<"counted", &bounded::counted>(prefixed_list(1, u8_element<std::uint8_t>, prefix_counts::elements).length_within(0, 2)),
            field<"area", &bounded::area>(prefixed_area(1, prefixed_list(1, prefixed_bytes(1))).length_within(0, 3)));
    }
};
}  // namespace

TEST_CASE("engine: declared length bounds are checked at the length prefix", "[engine_test]") {
    auto bytes = [](std::initializer_list<unsigned> v) {
        std::vector<std::byte> out;
        for (auto x : v) out.push_back(static_cast<std::byte>(x));
        return out;
    };
    auto failure = [](const std::vector<std::byte>& b) {
        auto r = parse<bounded>(b);
        REQUIRE_FALSE(r);
        return r.error();
    };
    // name(1) 'a' | values(2) 0001 | counted 1: 07 | area 2: [01 'x']
    const auto good = bytes({1, 'a', 2, 0, 1, 1, 7, 3, 2, 1, 'x'});
    REQUIRE(parse_exact<bounded>(good));
    CHECK(wc::to_bytes(wc::to_owned(parse<bounded>(good).value())).value() == good);
    {
        const auto e = failure(bytes({0, 2, 0, 1, 0, 1, 0}));  // an empty name: below 1
        CHECK(e.field == "name");
        CHECK(e.offset == 0);
        CHECK(e.kind == error_kind::out_of_range);
        CHECK(to_string(e) == "bounded.name: value 0 is below the minimum 1 (byte offset 0)");
    }
    {
        const auto e = failure(bytes({5, 'a', 'b', 'c', 'd', 'e', 2, 0, 1, 0, 1, 0}));  // a 5-byte name: above 4
        CHECK(to_string(e) == "bounded.name: value 5 is above the maximum 4 (byte offset 0)");
    }
    CHECK(failure(bytes({1, 'a', 6, 0, 1, 0, 2, 0, 3, 0, 1, 0})).field == "values");  // 6 bytes of values: above 4
    {
        const auto e = failure(bytes({1, 'a', 2, 0, 1, 3, 7, 7, 7, 1, 0}));  // 3 counted elements: above 2
        CHECK(e.field == "counted");
        CHECK(e.offset == 5);
        CHECK(e.needed == 3);
        CHECK(e.available == 2);
    }
    CHECK(failure(bytes({1, 'a', 2, 0, 1, 0, 4, 3, 2, 1, 'x', 0})).field == "area");  // a 4-byte area: above 3
}

TEST_CASE("engine: parse_exact refuses bytes after the last field, where they begin", "[engine_test]") {
    // name 'a' | values 0001 | no counted elements | an area of 1 byte: an empty list | ff
    const std::vector<std::byte> b{std::byte{1}, std::byte{'a'}, std::byte{2}, std::byte{0}, std::byte{1}, std::byte{0},
                                   std::byte{1}, std::byte{0}, std::byte{0xff}};
    CHECK(parse<bounded>(b));  // plain parse leaves the byte as payload
    CHECK(parse<bounded>(b)->payload().size() == 1);
    const auto e = parse_exact<bounded>(b);
    REQUIRE_FALSE(e);
    CHECK(e.error().kind == error_kind::length_inconsistent);
    CHECK(e.error().field == "area");
    CHECK(e.error().offset == 8);
    CHECK(to_string(e.error()) == "bounded.area: says 9 bytes, contents end after 8 (byte offset 8)");
}

namespace {
// A NUL-terminated string that counts how often the engine asks its size and writes it: a
// codec's size may be as costly as writing it (DNS compression), so serialize asks it once,
// and not at all when the codec can write unsized and nothing needs the header's size first.
struct codec_calls {
    int sizes = 0, writes = 0, unsized_writes = 0;
};
codec_calls calls;
template <bool Unsized>
struct counted_string {
    using owned_type = std::string;
    using view_type = std::string_view;
    static constexpr bool self_delimiting = true;
    constexpr result<std::size_t> measure(std::span<const std::byte> in, const location& where) const { return c_string{}.measure(in, where); }
    std::string_view view_of(std::span<const std::byte> in) const { return c_string{}.view_of(in); }
    std::string to_owned(std::string_view v) const { return std::string(v); }
    std::size_t size(const std::string& s) const {
        ++calls.sizes;
        return s.size() + 1;
    }
    result<std::size_t> write(const std::string& s, std::span<std::byte> out, const location& where) const {
        ++calls.writes;
        return c_string{}.write(s, out, where);
    }
    result<std::size_t> write_unsized(const std::string& s, std::span<std::byte> out, const location& where) const
        requires Unsized
    {
        ++calls.unsized_writes;
        if (out.size() < s.size() + 1) return where.fail(error_kind::buffer_too_small, 0, s.size() + 1, out.size());
        return c_string{}.write(s, out, where);
    }
};
template <bool Unsized>
struct labelled {
    std::uint8_t kind = 0;
    std::string text{};
    std::uint16_t after = 0;
    static consteval auto schema() {
        return wirecraft::schema<"labelled">(field<"kind", &labelled::kind>(), field<"text", &labelled::text>(counted_string<Unsized>{}),
                                             field<"after", &labelled::after>());
    }
};
// A length that measures the string: the header must be sized before it is written.
struct measured {
    std::optional<std::uint8_t> text_length{};
    std::string text{};
    static consteval auto schema() {
        return wirecraft::schema<"measured">(field<"text_length", &measured::text_length>().computed(size_of<"text">),
                                             field<"text", &measured::text>(counted_string<true>{}));
    }
};
static_assert(detail::writes_in_one_pass<labelled<true>>());
static_assert(!detail::writes_in_one_pass<labelled<false>>());  // no codec that writes unsized
static_assert(!detail::writes_in_one_pass<measured>());          // a computed field reads a size
}  // namespace

TEST_CASE("engine: serialize asks a codec's size once, and not at all when it writes unsized", "[engine_test]") {
    const auto expected = b({3, 'h', 'e', 'y', 0, 0x12, 0x34});  // kind, "hey" NUL, after (by hand)
    std::array<std::byte, 16> out{};
    SECTION("sized first: one size, one write") {
        calls = {};
        auto n = serialize(labelled<false>{.kind = 3, .text = "hey", .after = 0x1234}, std::span<std::byte>(out));
        REQUIRE(n);
        CHECK(*n == 7);
        CHECK(std::vector<std::byte>(out.begin(), out.begin() + 7) == expected);
        CHECK(calls.sizes == 1);
        CHECK(calls.writes == 1);
    }
    SECTION("one pass: no size, and the bytes after the header untouched") {
        calls = {};
        out.fill(std::byte{0xee});
        auto n = serialize(labelled<true>{.kind = 3, .text = "hey", .after = 0x1234}, std::span<std::byte>(out));
        REQUIRE(n);
        CHECK(*n == 7);
        CHECK(std::vector<std::byte>(out.begin(), out.begin() + 7) == expected);
        CHECK(out[7] == std::byte{0xee});
        CHECK(calls.sizes == 0);
        CHECK(calls.unsized_writes == 1);
        CHECK(calls.writes == 0);
    }
    SECTION("one pass into too small a buffer: the size the header needs, nothing written past the buffer") {
        out.fill(std::byte{0xee});
        for (std::size_t room : {0u, 1u, 4u, 5u, 6u}) {  // ends inside each field
            auto n = serialize(labelled<true>{.kind = 3, .text = "hey", .after = 0x1234}, std::span<std::byte>(out).first(room));
            REQUIRE_FALSE(n);
            CHECK(n.error().kind == error_kind::buffer_too_small);
            CHECK(n.error().needed == 7);
            CHECK(n.error().available == room);
            for (std::size_t i = room; i < out.size(); ++i) CHECK(out[i] == std::byte{0xee});
        }
    }
    SECTION("with a payload after it, or a length that measures it, the header is sized first") {
        calls = {};
        const auto payload = b({0xaa});
        auto n = serialize(labelled<true>{.kind = 3, .text = "hey", .after = 0x1234}, std::span<std::byte>(out), payload);
        REQUIRE(n);
        CHECK(*n == 8);
        CHECK(out[7] == std::byte{0xaa});
        CHECK(calls.unsized_writes == 0);
        CHECK(calls.writes == 1);
        calls = {};  // the length reads the size, the header's size and the write ask it: once
        auto m = serialize(measured{.text = "hey"}, std::span<std::byte>(out));
        REQUIRE(m);
        CHECK(std::vector<std::byte>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*m)) == b({4, 'h', 'e', 'y', 0}));
        CHECK(calls.sizes == 1);
        CHECK(calls.writes == 1);
    }
}

namespace {
// Conditional bit fields after a variable field: their ends fall inside bytes, so a view keeps
// the ends in bits (schema::byte_ends is false); schemas without such fields keep them in bytes.
struct bit_ends {
    std::vector<std::byte> name{};
    std::uint8_t flags = 0;
    std::uint8_t mode = 0;  // 4 bits, when flags & 1
    std::uint8_t more = 0;  // 4 bits, when flags & 1
    std::vector<std::byte> tail{};
    std::uint16_t check = 0;
    static consteval auto schema() {
        return wc::schema<"bit_ends">(wc::field<"name", &bit_ends::name>(wc::prefixed_bytes(1)),
                                      wc::field<"flags", &bit_ends::flags>(),
                                      wc::field<"mode", &bit_ends::mode>(wc::bits<4>).when((wc::ref<"flags"> & 1) == 1),
                                      wc::field<"more", &bit_ends::more>(wc::bits<4>).when((wc::ref<"flags"> & 1) == 1),
                                      wc::field<"tail", &bit_ends::tail>(wc::prefixed_bytes(1)),
                                      wc::field<"check", &bit_ends::check>());
    }
};
static_assert(!wc::schema_t<bit_ends>::byte_ends);
static_assert(wc::schema_t<shapes>::byte_ends);
}  // namespace

TEST_CASE("engine: ends inside a byte and in whole bytes read the same", "[engine_test]") {
    // By hand: 02 'a' 'b' | flags 01 | mode a, more 5: a5 | 01 09 | 1234; without the flag, no a5.
    const bit_ends with{.name = b({'a', 'b'}), .flags = 1, .mode = 0xa, .more = 0x5, .tail = b({9}), .check = 0x1234};
    const auto bytes = wc::to_bytes(with).value();
    CHECK(bytes == b({2, 'a', 'b', 1, 0xa5, 1, 9, 0x12, 0x34}));
    const auto v = wc::parse<bit_ends>(bytes).value();
    CHECK(v.get<"mode">() == std::optional<std::uint8_t>{0xa});
    CHECK(v.get<"more">() == std::optional<std::uint8_t>{0x5});
    CHECK(v.get<"tail">().size() == 1);
    CHECK(v.get<"check">() == 0x1234);
    CHECK(v.size_of<"tail">() == 2);
    CHECK(v.header_size() == 9);
    CHECK(wc::equal(wc::to_owned(v), with));

    const bit_ends without{.name = b({'a', 'b'}), .flags = 0, .tail = b({9}), .check = 0x1234};
    const auto short_bytes = wc::to_bytes(without).value();
    CHECK(short_bytes == b({2, 'a', 'b', 0, 1, 9, 0x12, 0x34}));
    const auto w = wc::parse<bit_ends>(short_bytes).value();
    CHECK_FALSE(w.get<"mode">().has_value());
    CHECK(w.get<"check">() == 0x1234);
    CHECK(w.header_size() == 8);
    // The fixed field after the last variable one, cut: truncated at its offset.
    const auto cut = wc::parse<bit_ends>(std::span(short_bytes).first(7));
    REQUIRE_FALSE(cut);
    CHECK(cut.error().kind == wc::error_kind::truncated);
    CHECK(cut.error().offset == 6);

    // The same on a schema kept in bytes: shapes, whose conditional field is 32 bits. By hand:
    // 01 'x' | 00 | 0000 | 01 | 00000007 | (10: 2 bytes of padding to 12) | 01 02 03.
    const auto shape_bytes = wc::to_bytes(shapes{.name = b({'x'}), .flags = 1, .extra = 7, .tail = b({1, 2, 3})}).value();
    CHECK(shape_bytes == b({1, 'x', 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 1, 2, 3}));
    const auto s = wc::parse<shapes>(shape_bytes).value();
    CHECK(s.size_of<"name">() == 1);
    CHECK(s.size_of<"extra">() == 4);
    CHECK(s.size_of<"align">() == 2);
    CHECK(s.get<"extra">() == std::optional<std::uint32_t>{7});
    CHECK(s.get<"tail">().size() == 3);
    CHECK(s.header_size() == 15);
    // Absent: 01 'x' | 00 | 0000 | 00 | (6: padding to 8) 00 00 | 01 02 03.
    const auto absent_bytes = wc::to_bytes(shapes{.name = b({'x'}), .flags = 0, .tail = b({1, 2, 3})}).value();
    CHECK(absent_bytes == b({1, 'x', 0, 0, 0, 0, 0, 0, 1, 2, 3}));
    const auto a = wc::parse<shapes>(absent_bytes).value();
    CHECK_FALSE(a.get<"extra">().has_value());
    CHECK(a.size_of<"extra">() == 0);
    CHECK(a.size_of<"align">() == 2);
    CHECK(a.get<"tail">().size() == 3);
    // The conditional field cut: truncated where it starts.
    const auto cut_shape = wc::parse<shapes>(std::span(shape_bytes).first(8));
    REQUIRE_FALSE(cut_shape);
    CHECK(cut_shape.error().kind == wc::error_kind::truncated);
    CHECK(cut_shape.error().field == "extra");
    CHECK(cut_shape.error().offset == 6);
}

namespace {
// Kept in bytes, with bit fields after the variable field: the second starts 4 bits into a byte.
struct nibbles_after {
    std::vector<std::byte> name{};
    std::uint8_t high = 0;  // 4 bits
    std::uint8_t low = 0;   // 4 bits
    std::uint16_t tail = 0;
    static consteval auto schema() {
        return wc::schema<"nibbles_after">(wc::field<"name", &nibbles_after::name>(wc::prefixed_bytes(1)),
                                           wc::field<"high", &nibbles_after::high>(wc::bits<4>),
                                           wc::field<"low", &nibbles_after::low>(wc::bits<4>),
                                           wc::field<"tail", &nibbles_after::tail>());
    }
};
static_assert(wc::schema_t<nibbles_after>::byte_ends);
}  // namespace

TEST_CASE("engine: bit fields after a variable field, ends kept in bytes", "[engine_test]") {
    // By hand: 01 'x' | c3 (high c, low 3) | 1234.
    const auto bytes = b({1, 'x', 0xc3, 0x12, 0x34});
    const auto v = wc::parse<nibbles_after>(bytes).value();
    CHECK(v.get<"high">() == 0xc);
    CHECK(v.get<"low">() == 0x3);
    CHECK(v.get<"tail">() == 0x1234);
    CHECK(v.header_size() == 5);
    CHECK(wc::to_bytes(wc::to_owned(v)).value() == bytes);
    // Cut inside the fixed fields after the name: the first that does not fit, at its byte.
    const auto no_tail = wc::parse<nibbles_after>(std::span(bytes).first(4));
    REQUIRE_FALSE(no_tail);
    CHECK(no_tail.error().field == "tail");
    CHECK(no_tail.error().offset == 3);
    const auto no_nibbles = wc::parse<nibbles_after>(std::span(bytes).first(2));
    REQUIRE_FALSE(no_nibbles);
    CHECK(no_nibbles.error().field == "high");
    CHECK(no_nibbles.error().offset == 2);
}
