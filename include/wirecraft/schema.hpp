// The schema engine: declare a header once, get parse, serialize, size, print and equality.
#pragma once
#include "schema/address.hpp"
#include "schema/error.hpp"
#include "schema/expr.hpp"
#include "schema/field.hpp"
#include "schema/kinds.hpp"
#include "schema/parse.hpp"
#include "schema/prefixed.hpp"
#include "schema/print.hpp"
#include "schema/result.hpp"
#include "schema/schema.hpp"
#include "schema/serialize.hpp"
#include "schema/tlv.hpp"
