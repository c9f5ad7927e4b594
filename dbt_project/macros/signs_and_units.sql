{#
  The one place for signs, units and deviations.
  Ledger sign: debit positive, credit negative (costs positive).
  Report sign: revenue positive, cost negative; result = -(sum of ledger amounts on the result
  accounts of the account_classes seed), applied in int_ledger__signed.
#}
{% macro to_report_sign(ledger_amount) -%}
    (-1 * ({{ ledger_amount }}))
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

{#
  Avvikelse: positive is better than budget. For a result in report sign that is actual - budget
  (outcome or forecast minus budget); for spend written as a positive amount (investments) it is
  budget - actual.
#}
{% macro deviation(actual, budget, spend=false) -%}
    {%- if spend -%}
        (({{ budget }}) - ({{ actual }}))
    {%- else -%}
        (({{ actual }}) - ({{ budget }}))
    {%- endif -%}
{%- endmacro %}

{% macro percent_of(numerator, denominator) -%}
    (case when {{ denominator }} <> 0
        then cast({{ numerator }} as double) / abs(cast({{ denominator }} as double)) * 100 end)
{%- endmacro %}
