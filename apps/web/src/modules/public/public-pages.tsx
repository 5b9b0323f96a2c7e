import './public.css';
import { useState } from 'react';
import { Link, NavLink, Outlet, useSearchParams } from 'react-router';
import { Alert, App as AntApp, Button, Card, Form, Input, Radio, Result, Select, Spin, Tag, Timeline } from 'antd';
import { RATINGS, type Rating } from '@lingyan/shared';
import { useLocale } from '../../app/i18n.tsx';
import { useAsync } from '../../app/use-async.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { BrandMark } from '../../app/brand-mark.tsx';
import { LanguageSwitch } from '../../app/language-switch.tsx';
import { ItemFlags } from '../service-hall/service-hall-bits.tsx';
import {
  listCommunities,
  listPublicItems,
  lookupRequest,
  ratePublic,
  requestCode,
  submitPublicRequest,
  type Proof,
  type PublicRequestView,
} from './public.api.ts';

/** The resident pages' frame: no login, one column for a phone. */
export function PublicLayout() {
  const { t } = useLocale();
  return (
    <div className="public-shell">
      <header className="public-header">
        <BrandMark />
        <LanguageSwitch size="small" />
      </header>
      <main className="public-main">
        <nav className="public-nav" aria-label={t('web.public.nav')}>
          <NavLink to="/public">
            <Button size="small">{t('web.public.catalog.title')}</Button>
          </NavLink>
          <NavLink to="/public/submit">
            <Button size="small">{t('web.public.submit.title')}</Button>
          </NavLink>
          <NavLink to="/public/track">
            <Button size="small">{t('web.public.track.title')}</Button>
          </NavLink>
          <NavLink to="/public/star-board">
            <Button size="small">{t('web.stars.board.title')}</Button>
          </NavLink>
        </nav>
        <Outlet />
      </main>
    </div>
  );
}

/** 办事指南: every item, what to bring, how long it takes. */
export function PublicCatalogPage() {
  const { locale, t } = useLocale();
  const items = useAsync((signal) => listPublicItems(signal), []);
  const [q, setQ] = useState('');
  const shown = (items.data?.items ?? []).filter((i) => i.active && (!q || i.name.includes(q) || i.category.includes(q)));
  return (
    <section aria-labelledby="public-catalog-title">
      <h1 id="public-catalog-title">{t('web.public.catalog.title')}</h1>
      <Input.Search
        allowClear
        placeholder={t('web.public.catalog.search')}
        aria-label={t('web.public.catalog.search')}
        onSearch={setQ}
        onChange={(e) => setQ(e.target.value.trim())}
        style={{ marginBottom: 12 }}
      />
      {items.error ? <Alert type="error" showIcon title={errorText(locale, items.error)} /> : null}
      <Spin spinning={items.loading}>
        {shown.map((i) => (
          <Card key={i.id} size="small" className="public-item" title={i.name} data-testid="public-item">
            <ItemFlags item={i} />
            <div>{t('web.public.catalog.limit', { days: i.limitDays, department: i.department })}</div>
            <strong>{t('web.hall.materials')}</strong>
            {i.materials.length ? (
              <ul>
                {i.materials.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : (
              <span> {t('web.hall.noMaterials')}</span>
            )}
            {i.online ? (
              <Link to={`/public/submit?item=${i.id}`}>
                <Button type="link" style={{ padding: 0 }}>
                  {t('web.public.catalog.apply')}
                </Button>
              </Link>
            ) : null}
          </Card>
        ))}
      </Spin>
    </section>
  );
}

type SubmitValues = { orgId: string; itemId: string; name: string; phone: string; description: string };

/** 网上申请: community, item (online ones), name, phone, what for → the request's number. */
export function PublicSubmitPage() {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [params] = useSearchParams();
  const communities = useAsync((signal) => listCommunities(signal), []);
  const items = useAsync((signal) => listPublicItems(signal), []);
  const [saving, setSaving] = useState(false);
  const [number, setNumber] = useState<string | null>(null);
  const online = (items.data?.items ?? []).filter((i) => i.active && i.online);

  if (number) {
    return (
      <Result
        status="success"
        title={t('web.public.submit.done')}
        subTitle={
          <span>
            {t('web.public.submit.number')}{' '}
            <span className="public-number" data-testid="public-number">
              {number}
            </span>
            <br />
            {t('web.public.submit.keep')}
          </span>
        }
        extra={
          <Link to={`/public/track?number=${encodeURIComponent(number)}`}>
            <Button type="primary" data-testid="public-follow">
              {t('web.public.track.title')}
            </Button>
          </Link>
        }
      />
    );
  }

  const submit = async (v: SubmitValues) => {
    setSaving(true);
    try {
      const res = await submitPublicRequest({ ...v, name: v.name.trim(), phone: v.phone.trim(), description: v.description.trim() });
      setNumber(res.number);
    } catch (error) {
      message.error(errorText(locale, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="public-submit-title">
      <h1 id="public-submit-title">{t('web.public.submit.title')}</h1>
      {communities.error || items.error ? <Alert type="error" showIcon title={errorText(locale, communities.error ?? items.error)} /> : null}
      <Form<SubmitValues> layout="vertical" onFinish={submit} initialValues={{ itemId: params.get('item') ?? undefined }} data-testid="public-submit-form">
        <Form.Item name="orgId" label={t('web.public.community')} rules={[requiredRule(t, 'web.public.community', 'select')]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={communities.loading}
            data-testid="public-community"
            options={(communities.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.townshipName} ${c.name}` }))}
          />
        </Form.Item>
        <Form.Item name="itemId" label={t('web.hall.item')} rules={[requiredRule(t, 'web.hall.item', 'select')]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={items.loading}
            data-testid="public-item-select"
            options={online.map((i) => ({ value: i.id, label: i.name }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('web.public.name')} rules={[requiredRule(t, 'web.public.name')]}>
          <Input maxLength={64} autoComplete="name" data-testid="public-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('web.public.phone')}
          rules={[requiredRule(t, 'web.public.phone'), { pattern: /^1\d{10}$/, message: t('web.public.phoneInvalid') }]}
        >
          <Input maxLength={11} inputMode="tel" autoComplete="tel" data-testid="public-phone" />
        </Form.Item>
        <Form.Item name="description" label={t('web.hall.description')} rules={[requiredRule(t, 'web.hall.description')]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="public-description" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={saving} data-testid="public-submit">
          {t('web.public.submit.submit')}
        </Button>
      </Form>
    </section>
  );
}

/** 办件查询: by number + the phone's last four; the steps, who acted on the resident's behalf, and rating. */
export function PublicTrackPage() {
  const { locale, t } = useLocale();
  const [params] = useSearchParams();
  const [view, setView] = useState<PublicRequestView | null>(null);
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const lookup = async (v: { number: string; phoneLast4: string }) => {
    setBusy(true);
    setError(null);
    try {
      setView(await lookupRequest(v.number.trim(), v.phoneLast4));
      setLast4(v.phoneLast4);
    } catch (e) {
      setView(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="public-track-title">
      <h1 id="public-track-title">{t('web.public.track.title')}</h1>
      <Form layout="vertical" onFinish={lookup} initialValues={{ number: params.get('number') ?? '' }} data-testid="public-track-form">
        <Form.Item name="number" label={t('web.hall.number')} rules={[requiredRule(t, 'web.hall.number')]}>
          <Input data-testid="public-track-number" autoCapitalize="characters" />
        </Form.Item>
        <Form.Item
          name="phoneLast4"
          label={t('web.public.last4')}
          rules={[requiredRule(t, 'web.public.last4'), { pattern: /^\d{4}$/, message: t('web.public.last4Invalid') }]}
        >
          <Input maxLength={4} inputMode="numeric" data-testid="public-track-last4" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="public-track-submit">
          {t('web.common.search')}
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} title={errorText(locale, error)} data-testid="public-track-error" /> : null}
      {view ? <RequestView view={view} proof={{ phoneLast4: last4 }} onRated={setView} /> : null}
    </section>
  );
}

function RequestView({ view, proof, onRated }: { view: PublicRequestView; proof: Proof; onRated: (v: PublicRequestView) => void }) {
  const { t } = useLocale();
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="public-request">
      <p>
        <strong>{view.itemName}</strong> · {view.orgName}
      </p>
      <p>
        <Tag color="blue" data-testid="public-state" data-state={view.state}>
          {t(view.stateLabel)}
        </Tag>
        {t('web.public.track.dates', { received: view.receivedDate, due: view.dueDate })}
        {view.dueProvisional ? <Tag color="gold">{t('web.hall.provisional')}</Tag> : null}
      </p>
      <Timeline
        items={view.steps.map((s, i) => ({
          key: `${i}`,
          content: (
            <div data-testid="public-step">
              <strong>{t(`web.hall.event.${s.action}`)}</strong> · {s.at.slice(0, 10)} · {t(s.stateLabel)}
              {s.reason ? <div className="field-hint">{s.reason}</div> : null}
            </div>
          ),
        }))}
      />
      {view.onBehalf ? (
        <Alert
          type="info"
          data-testid="public-on-behalf"
          title={t('web.public.track.onBehalf', { names: view.onBehalf.handledBy.join('、') })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {view.onBehalf.steps.map((s, i) => (
                <li key={i}>
                  {s.at.slice(0, 10)} {s.step}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {view.rating ? (
        <p style={{ marginTop: 12 }} data-testid="public-rating">
          {t('web.public.rate.yours', { rating: t(`rating.${view.rating}`) })}
        </p>
      ) : null}
      {view.canRate ? <RateForm number={view.number} proof={proof} onRated={onRated} /> : null}
    </Card>
  );
}

/** 好差评: five levels and a comment, proven by the last four digits or a one-time code by SMS. */
function RateForm({ number, proof, onRated }: { number: string; proof: Proof; onRated: (v: PublicRequestView) => void }) {
  const { locale, t } = useLocale();
  const { message } = AntApp.useApp();
  const [byCode, setByCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { rating: Rating; comment?: string; code?: string }) => {
    setBusy(true);
    try {
      onRated(await ratePublic(number, byCode ? { code: v.code ?? '' } : proof, v.rating, v.comment?.trim()));
      message.success(t('web.public.rate.thanks'));
    } catch (e) {
      message.error(errorText(locale, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={submit} style={{ marginTop: 12 }} data-testid="public-rate-form">
      <Form.Item name="rating" label={t('web.public.rate.title')} rules={[requiredRule(t, 'web.hall.rating', 'select')]}>
        <Radio.Group>
          {RATINGS.map((r) => (
            <Radio.Button key={r} value={r} data-testid={`public-rate-${r}`}>
              {t(`rating.${r}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="comment" label={t('web.hall.field.comment')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      {byCode ? (
        <Form.Item name="code" label={t('web.public.rate.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('web.public.rate.codeInvalid') }]}>
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
      ) : null}
      <Button
        type="link"
        style={{ padding: 0, marginBottom: 8 }}
        onClick={() => {
          if (!byCode) {
            requestCode(number).then(
              () => message.success(t('web.public.rate.codeSent')),
              (e: unknown) => message.error(errorText(locale, e)),
            );
          }
          setByCode(!byCode);
        }}
      >
        {byCode ? t('web.public.rate.useLast4') : t('web.public.rate.useCode')}
      </Button>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="public-rate-submit">
        {t('web.public.rate.submit')}
      </Button>
    </Form>
  );
}
