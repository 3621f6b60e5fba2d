# Counts what a Rails db/schema.rb defines by running it in Ruby against a stub of the Active
# Record schema DSL, as an oracle for erdsmith's importer (which reads the file without Ruby):
# `ruby tests/oracles/rails-counts.rb FILE…` prints one JSON object per line.
# Rails conventions counted: an `id` primary key unless `id: false` or a `primary_key:` list;
# `t.timestamps` is two columns; `t.references` one column (two when polymorphic) with an index
# unless `index: false`, and a foreign key with `foreign_key:`.
require 'json'

class Counter
  attr_reader :c
  def initialize
    @c = Hash.new(0)
  end

  def create_table(_name, **opts)
    @c[:tables] += 1
    pk = opts[:primary_key]
    if opts[:id] != false && !pk.is_a?(Array)
      @c[:columns] += 1
      @c[:pks] += 1
    end
    @c[:pks] += 1 if pk.is_a?(Array)
    yield TableDsl.new(self) if block_given?
  end

  def create_join_table(*_tables, **_opts)
    @c[:tables] += 1
    @c[:columns] += 2
    yield TableDsl.new(self) if block_given?
  end

  def add_index(*_args, **_opts) = @c[:indexes] += 1
  def add_foreign_key(*_args, **_opts) = @c[:fks] += 1
  def create_enum(*_args, **_opts) = @c[:enums] += 1
  def enable_extension(*_args, **_opts) = @c[:objects] += 1
  def create_virtual_table(*_args, **_opts) = @c[:objects] += 1

  def method_missing(name, *_args, **_opts, &_block)
    @c[:unknown] += 1
    warn "unknown statement #{name}"
  end

  def respond_to_missing?(*) = true
end

class TableDsl
  def initialize(counter)
    @k = counter
  end

  def index(*_args, **_opts) = @k.c[:indexes] += 1
  def check_constraint(*_args, **_opts) = @k.c[:checks] += 1
  def timestamps(**_opts) = @k.c[:columns] += 2

  def references(*names, **opts)
    names.each do
      @k.c[:columns] += opts[:polymorphic] ? 2 : 1
      @k.c[:indexes] += 1 unless opts[:index] == false
      @k.c[:fks] += 1 if opts[:foreign_key]
    end
  end
  alias belongs_to references

  def method_missing(_type, *names, **_opts)
    @k.c[:columns] += names.size
  end

  def respond_to_missing?(*) = true
end

module ActiveRecord
  class Schema
    def self.[](_version) = self

    def self.define(**_opts, &block)
      counter = Counter.new
      counter.instance_eval(&block)
      $result = counter.c
    end
  end
end

ARGV.each do |file|
  $result = nil
  begin
    load File.expand_path(file)
    puts JSON.generate({ file: file }.merge($result || {}))
  rescue StandardError, SyntaxError => e
    puts JSON.generate({ file: file, error: e.message })
  end
end
