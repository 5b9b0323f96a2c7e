import './grids.css';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Empty, Segmented, Space, Spin, Table, Tooltip } from 'antd';
import { GRID_FIGURES, type GridFigure, type GridMapProperties } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useCurrentOrg } from '../../app/org-context.tsx';
import { usePermission } from '../../app/auth-context.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { getGridMap, importBoundaries } from './grids.api.ts';
import { GridMapChart } from './grid-map.tsx';

/** 网格地图: the grids of the chosen community or township drawn from their boundaries, coloured by a figure. */
export function GridsMapPage() {
  const { current } = useCurrentOrg();
  const { locale, t } = useLocale();
  const mayManage = usePermission('grid:manage');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [figure, setFigure] = useState<GridFigure>('coverage');
  const map = useAsync((signal) => (current ? getGridMap(current.id, figure, signal) : Promise.resolve(null)), [current?.id, figure]);
  const file = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);

  const format = useCallback(
    (v: number | null) => (v === null ? t('web.common.empty') : figure === 'coverage' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v))),
    [figure, t],
  );
  const open = useCallback((id: string) => navigate(`/grids/${id}`), [navigate]);
  const m = map.data;
  const figureName = t(`web.grids.figure.${figure}`);
  const mayImport = current?.kind === 'community' && mayManage;

  const onFile = async (f: File | undefined) => {
    if (!f || !current) return;
    setImportError(null);
    let collection: unknown;
    try {
      collection = JSON.parse(await f.text());
    } catch {
      setImportError(t('web.grids.import.unreadable'));
      return;
    }
    setImporting(true);
    try {
      const r = await importBoundaries(current.id, collection);
      void message.success(t('web.grids.import.done', { count: r.updated }));
      map.reload();
    } catch (e) {
      setImportError(errorText(locale, e));
    } finally {
      setImporting(false);
      if (file.current) file.current.value = '';
    }
  };

  return (
    <section aria-labelledby="grids-title">
      <div className="page-header">
        <div>
          <h1 id="grids-title">{t('web.grids.map.title')}</h1>
          {current ? <p className="page-subtitle">{t('web.registry.withinNode', { name: current.name })}</p> : null}
        </div>
        <Space wrap>
          <span>{t('web.grids.map.figure')}</span>
          <Segmented
            value={figure}
            onChange={(v) => setFigure(v as GridFigure)}
            options={GRID_FIGURES.filter((f) => !m || m.figures.includes(f)).map((f) => ({ value: f, label: t(`web.grids.figure.${f}`) }))}
            data-testid="grid-figure"
          />
          {mayImport ? (
            <Tooltip title={t('web.grids.import.help')}>
              <Button loading={importing} onClick={() => file.current?.click()}>
                {t('web.grids.import.button')}
              </Button>
            </Tooltip>
          ) : null}
          <input
            ref={file}
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            hidden
            data-testid="grid-import-file"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </Space>
      </div>
      {importError ? <Alert type="error" showIcon title={importError} closable onClose={() => setImportError(null)} data-testid="grid-import-error" /> : null}
      {!current ? <Empty description={t('web.home.chooseNode')} /> : null}
      {map.error ? (
        <Alert type="error" showIcon title={errorText(locale, map.error)} action={<Button onClick={map.reload}>{t('web.common.retry')}</Button>} />
      ) : null}
      <Spin spinning={map.loading}>
        {m && m.features.length === 0 ? <Empty description={t('web.grids.map.empty')} /> : null}
        {m && m.features.length > 0 ? (
          <>
            <p className="page-subtitle">
              {t('web.grids.map.hint')}
              {m.period ? ` · ${t('web.grids.map.period', { from: m.period.from, to: m.period.to })}` : null}
              {m.features.some((f) => !f.geometry) ? ` · ${t('web.grids.map.noBoundary', { count: m.features.filter((f) => !f.geometry).length })}` : null}
            </p>
            <GridMapChart map={m} format={format} onOpen={open} ariaLabel={t('web.grids.map.aria', { name: current?.name ?? '', figure: figureName })} />
            <Table<GridMapProperties>
              className="grid-table"
              size="small"
              rowKey="id"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={m.features.map((f) => f.properties)}
              data-testid="grid-table"
              columns={[
                { title: t('web.grids.col.name'), dataIndex: 'name', render: (name: string, g) => <Link to={`/grids/${g.id}`}>{name}</Link> },
                { title: t('web.grids.col.code'), dataIndex: 'code', responsive: ['md'] },
                { title: t('web.grids.col.community'), dataIndex: 'communityName', responsive: ['md'] },
                { title: t('web.grids.col.type'), dataIndex: 'type', render: (v: string) => t(`web.grids.type.${v}`), responsive: ['lg'] },
                { title: t('web.grids.col.buildings'), dataIndex: 'buildings', responsive: ['lg'] },
                {
                  title: figureName,
                  dataIndex: 'value',
                  sorter: (a, b) => (a.value ?? -1) - (b.value ?? -1),
                  render: (v: number | null, g) => (figure === 'coverage' && g.households !== null ? `${format(v)} (${g.visited}/${g.households})` : format(v)),
                },
              ]}
            />
          </>
        ) : null}
      </Spin>
    </section>
  );
}
