import pytest
from styringsdialog.benchmarking.tests.test_views import *
def test_dbg(bm_world, client_for):
    official(bm_world.almenbo["010"], YEAR, 98)
    official(bm_world.almenbo["011"], YEAR, 75)
    run_benchmark(year=YEAR, params=SMALL)
    from styringsdialog.benchmarking.models import DepartmentResult
    print(list(DepartmentResult.objects.values_list("department__organisation__number","department__number","effektivitetstal","excluded_reason")))
    html = client_for(bm_world.users["caseworker_ballerup"]).get(ORGANISATION).content.decode()
    i=html.index("app-lead"); print(html[i:i+300])
