{#
  The one place for signs and units.
  Ledger sign: debit positive, credit negative (costs positive).
  Report sign: revenue positive, cost negative; result = -(sum of ledger amounts on 3000-8999).
#}
{% macro to_report_sign(ledger_amount) -%}
    (-1 * ({{ ledger_amount }}))
{%- endmacro %}

{% macro is_result_account(account) -%}
    (cast({{ account }} as integer) between 3000 and 8999)
{%- endmacro %}

{% macro tkr_to_sek(tkr) -%}
    (cast({{ tkr }} as decimal(18, 3)) * 1000)
{%- endmacro %}

{% macro sek_to_mnkr(sek) -%}
    (cast({{ sek }} as double) / 1000000.0)
{%- endmacro %}

{% macro sek_to_tkr(sek) -%}
    (cast({{ sek }} as double) / 1000.0)
{%- endmacro %}

{% macro percent_of(numerator, denominator) -%}
    (case when {{ denominator }} <> 0
        then cast({{ numerator }} as double) / abs(cast({{ denominator }} as double)) * 100 end)
{%- endmacro %}
