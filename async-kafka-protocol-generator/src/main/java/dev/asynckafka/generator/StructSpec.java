package dev.asynckafka.generator;

import java.util.List;

/**
 * A struct: the fields of a message, of an inline struct type, or of a common struct.
 *
 * @param name the struct's class name
 * @param versions the versions in which it exists
 * @param fields its fields in wire order
 */
public record StructSpec(String name, Versions versions, List<FieldSpec> fields) {}
