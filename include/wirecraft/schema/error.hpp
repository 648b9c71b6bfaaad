// Parse and serialize errors: what failed, in which protocol and field, at which byte offset.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wirecraft {

enum class error_kind : std::uint8_t {
    truncated,            // the field needs more bytes than the input has
    bad_constant,         // a field with a fixed value holds another one
    out_of_range,         // a value outside what the field allows
    length_inconsistent,  // a length field contradicts the structure around it
    checksum_mismatch,    // a checksum verified on request does not match
    buffer_too_small,     // serialize: the caller's buffer cannot hold the result
    value_too_large,      // serialize: a value does not fit its field's width
    malformed,            // a structural rule of the format is broken (see detail)
    limit_exceeded,       // a bound we impose (nesting depth, element count) was reached
};

constexpr std::string_view to_string(error_kind k) noexcept {
    switch (k) {
        case error_kind::truncated: return "truncated";
        case error_kind::bad_constant: return "bad constant";
        case error_kind::out_of_range: return "out of range";
        case error_kind::length_inconsistent: return "length inconsistent";
        case error_kind::checksum_mismatch: return "checksum mismatch";
        case error_kind::buffer_too_small: return "buffer too small";
        case error_kind::value_too_large: return "value too large";
        case error_kind::malformed: return "malformed";
        case error_kind::limit_exceeded: return "limit exceeded";
    }
    return "unknown error";
}

// Names are string_views into static storage (schema names), so errors never allocate.
struct error {
    error_kind kind{};
    std::string_view protocol{};
    std::string_view field{};
    std::size_t offset = 0;      // byte offset of the field in the input (or output)
    std::uint64_t needed = 0;    // bytes needed / the value found / the length claimed
    std::uint64_t available = 0; // bytes available / the value expected / the limit
    std::string_view detail{};   // a fixed explanation, when the kind alone is not enough

    constexpr bool operator==(const error&) const = default;

    // The same error seen from an enclosing buffer that starts `base` bytes earlier.
    constexpr error shifted(std::size_t base) const noexcept {
        error e = *this;
        e.offset += base;
        return e;
    }
};

inline std::string to_string(const error& e) {
    std::string s;
    s.append(e.protocol);
    if (!e.field.empty()) {
        s += '.';
        s.append(e.field);
    }
    s += ": ";
    const auto num = [](std::uint64_t v) { return std::to_string(v); };
    std::string_view detail = e.detail;  // some kinds use it inline; the rest append it
    switch (e.kind) {
        case error_kind::truncated:
            s += "needs " + num(e.needed) + " bytes, " + num(e.available) + " available";
            break;
        case error_kind::length_inconsistent:
            s += "says " + num(e.needed) + " bytes, ";
            if (detail.empty()) s += num(e.available) + " available";
            else { s.append(detail); s += " " + num(e.available); }
            detail = {};
            break;
        case error_kind::bad_constant:
            s += "is " + num(e.needed) + ", must be " + num(e.available);
            break;
        case error_kind::out_of_range:
            if (detail == "minimum") s += "value " + num(e.needed) + " is below the minimum " + num(e.available);
            else if (detail == "maximum") s += "value " + num(e.needed) + " is above the maximum " + num(e.available);
            else s += "value " + num(e.needed) + " is out of range (limit " + num(e.available) + ")";
            if (detail == "minimum" || detail == "maximum") detail = {};
            break;
        case error_kind::checksum_mismatch:
            s += "checksum is " + num(e.needed) + ", computed " + num(e.available);
            break;
        case error_kind::buffer_too_small:
            s += "buffer too small: needs " + num(e.needed) + " bytes, " + num(e.available) + " available";
            break;
        case error_kind::value_too_large:
            s += "value " + num(e.needed) + " does not fit in " + num(e.available) + " bits";
            break;
        case error_kind::malformed:
            s += "malformed";
            break;
        case error_kind::limit_exceeded:
            s += "limit of " + num(e.available) + " exceeded (" + num(e.needed) + ")";
            break;
    }
    if (!detail.empty()) {
        s += " (";
        s.append(detail);
        s += ')';
    }
    s += " (byte offset " + num(e.offset) + ")";
    return s;
}

}  // namespace wirecraft
